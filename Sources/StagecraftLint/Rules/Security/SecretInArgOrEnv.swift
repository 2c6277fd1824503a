import DockerfileSyntax
import StagecraftReporting

struct SecretInArgOrEnv: Rule {
    static let description = RuleDescription(
        id: "secret-in-arg-or-env",
        aliases: [.hadolint("DL3064"), .buildkit("SecretsUsedInArgOrEnv"), .trivy("DS-0031")],
        severity: .warning, category: .security,
        summary: "Do not pass secrets through ARG or ENV; use RUN --mount=type=secret.",
        rationale: "ARG and ENV values are stored in the image config and history, readable by anyone who can pull the image.",
        examples: [
            .triggering("FROM alpine:3.20\n↓ARG GITHUB_TOKEN\n↓ENV DB_PASSWORD=hunter2\n"),
            .passing(
                "FROM alpine:3.20\nARG PUBLIC_KEY_FILE\nENV APP_VERSION=1.2\nRUN --mount=type=secret,id=token cat /run/secrets/token\n"
            ),
        ])

    /// BuildKit's deny and allow tokens, matched between underscores (shared with report redaction).
    static func isSecretName(_ name: String) -> Bool { Redaction.isSecretName(name) }

    func check(_ context: RuleContext) -> [Violation] {
        context.document.parsed.nodes.compactMap { node in
            let names: [String]
            switch node.command {
            case "arg": names = node.next.map { argName($0.value) }
            case "env": names = stride(from: 0, to: node.next.count, by: 3).map { node.next[$0].value }
            default: return nil
            }
            let secrets = names.filter(Self.isSecretName)
            guard !secrets.isEmpty else { return nil }
            return Violation(
                node, "\(secrets.joined(separator: ", ")) looks like a secret; mount it with RUN --mount=type=secret instead")
        }
    }
}
