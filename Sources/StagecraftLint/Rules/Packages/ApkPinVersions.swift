import DockerfileSyntax

struct ApkPinVersions: Rule {
    static let description = RuleDescription(
        id: "apk-pin-versions",
        aliases: [.hadolint("DL3018")],
        severity: .warning, category: .packages,
        summary: "Pin versions in apk add.",
        rationale: "Unpinned packages change between builds. Use `pkg=version`, or `pkg~version` to allow patch updates.",
        examples: [
            .triggering("FROM alpine:3.20\n↓RUN apk add --no-cache curl\n"),
            .passing("FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.0-r0 git~2.45\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let unpinned = run.script.commands(named: "apk").flatMap(apkPackages).filter {
                !$0.contains("=") && !$0.contains("~")
            }
            return unpinned.isEmpty
                ? nil : Violation(run.node, "pin versions: \(unpinned.map { "\($0)=<version>" }.joined(separator: " "))")
        }
    }
}
