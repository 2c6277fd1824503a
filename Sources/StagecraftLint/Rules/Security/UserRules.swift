import DockerfileSyntax
import StagecraftReporting

extension RuleContext {
    /// The stage and its ancestors (FROM <stage>), nearest first.
    func lineage(of stage: LintStage) -> [LintStage] {
        var chain = [stage]
        var current = stage
        while let parent = current.parent, parent < current.index {
            current = document.stages[parent]
            chain.append(current)
        }
        return chain
    }

    /// Stages whose leftovers end up in an image, as hadolint's cleanup rules decide it: a stage
    /// whose FROM line equals a target's FROM line (image, tag, alias and platform), or whose
    /// name some FROM line builds on.
    static func shippedStages(_ stages: [LintStage], targets: [Int]) -> Set<Int> {
        func signature(_ stage: LintStage) -> [String] { stage.from.next.map(\.value) + [stage.platform ?? ""] }
        let targetSignatures = targets.filter(stages.indices.contains).map { signature(stages[$0]) }
        let baseNames = Set(stages.map { ImageReference($0.base).repository })
        return Set(
            stages.filter { stage in
                targetSignatures.contains(signature(stage)) || (stage.writtenName.map(baseNames.contains) ?? false)
            }.map(\.index))
    }

    /// The last USER instruction in effect for a stage (searching its ancestors), if any.
    func effectiveUser(of stage: LintStage) -> Node? {
        for ancestor in lineage(of: stage) {
            if let user = ancestor.instructions("user").last { return user }
        }
        return nil
    }
}

func isRootUser(_ user: String) -> Bool {
    let name = user.split(separator: ":", maxSplits: 1).first.map(String.init) ?? user
    return name == "root" || name == "0"
}

struct RootUser: Rule {
    static let description = RuleDescription(
        id: "runtime-user-root",
        aliases: [.hadolint("DL3002"), .trivy("DS-0002")],
        severity: .warning, category: .security,
        summary: "The image a target builds should not end with USER root.",
        rationale:
            "A process running as root in a container is one kernel bug away from root on the host. Build stages may use root; the stage that becomes the image should not.",
        examples: [
            .triggering("FROM alpine:3.20\nUSER 1000\n↓USER root\n"),
            .passing("FROM alpine:3.20 AS build\nUSER root\nRUN make\nFROM alpine:3.20\nUSER 1000:1000\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.targetStages.compactMap { stage in
            guard let user = context.effectiveUser(of: stage), isRootUser(user.next.first?.value ?? "") else { return nil }
            return Violation(user, "\(stage.displayName) runs as root; switch to a non-root USER at the end")
        }
    }
}

struct RuntimeNonRoot: Rule {
    static let description = RuleDescription(
        id: "runtime-user-missing",
        severity: .warning, category: .security,
        summary: "Set a non-root USER, preferably a numeric UID, in the stage a target builds.",
        rationale:
            "Without USER the container runs as root. A numeric UID (USER 1000:1000) also lets Kubernetes' runAsNonRoot verify it without reading /etc/passwd.",
        examples: [
            .triggering("FROM alpine:3.20 AS build\nRUN make\n↓FROM alpine:3.20\nCOPY --from=build /app /app\n"),
            .passing("FROM alpine:3.20\nUSER 1000:1000\n"),
            .passing(
                "FROM golang:1.23 AS build\nRUN go build -o /app\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n"
            ),
        ])

    /// Images whose default user is not root (`lint.non-root-base-images` adds more).
    static let nonRootImages = [
        "*:nonroot", "*:*-nonroot", "*:nonroot-*", "cgr.dev/chainguard/*", "bitnami/*", "docker.io/bitnami/*",
        "nginxinc/nginx-unprivileged*", "docker.io/nginxinc/nginx-unprivileged*",
    ]
    private static let nonRootPatterns = nonRootImages.map(ImagePattern.init)

    func check(_ context: RuleContext) -> [Violation] {
        context.targetStages.compactMap { stage in
            guard context.effectiveUser(of: stage) == nil, pulledImageIsNotScratch(stage, context),
                !runsAsNonRoot(stage, context)
            else { return nil }
            return Violation(
                stage.from, "\(stage.displayName) has no USER and runs as root",
                suggestion: "add `USER 1000:1000` after the last RUN")
        }
    }

    /// Whether the pulled base image runs as a non-root user by default.
    private func runsAsNonRoot(_ stage: LintStage, _ context: RuleContext) -> Bool {
        guard let base = context.lineage(of: stage).last.flatMap(pulledImage) else { return false }
        // Chainguard's -dev variants run as root.
        if base.hasPrefix("cgr.dev/chainguard/") && base.contains("-dev") { return false }
        return Self.nonRootPatterns.contains { $0.matches(base) }
            || context.configuration.nonRootBaseImages.contains { matchesPattern(base, $0) }
    }

    /// Images built on scratch often have no user database; leave them to the other rules.
    private func pulledImageIsNotScratch(_ stage: LintStage, _ context: RuleContext) -> Bool {
        context.lineage(of: stage).last?.expandedBase != "scratch"
    }
}

struct UserNumericUID: Rule {
    static let description = RuleDescription(
        id: "runtime-user-numeric",
        aliases: [.hadolint("DL3066")],
        severity: .info, category: .security,
        summary: "Prefer a numeric UID in the last USER of the image.",
        rationale:
            "Orchestrators check runAsNonRoot against the numeric UID; a name needs /etc/passwd in the image and cannot be verified up front.",
        examples: [.triggering("FROM alpine:3.20\n↓USER app\n"), .passing("FROM alpine:3.20\nUSER 1000:1000\n")])

    func check(_ context: RuleContext) -> [Violation] {
        context.targetStages.compactMap { stage in
            guard let user = context.effectiveUser(of: stage), let value = user.next.first?.value else { return nil }
            let name = value.split(separator: ":").first.map(String.init) ?? value
            guard !isRootUser(value), !name.contains("$"), Int(name) == nil else { return nil }
            return Violation(user, "USER \(value) is a name; use its numeric UID (for example USER 1000:1000)")
        }
    }
}

struct SecretsInArgOrEnv: Rule {
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
