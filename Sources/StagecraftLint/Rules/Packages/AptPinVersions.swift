import DockerfileSyntax

struct AptPinVersions: Rule {
    static let description = RuleDescription(
        id: "apt-pin-versions",
        aliases: [.hadolint("DL3008")],
        severity: .warning, category: .packages,
        summary: "Pin versions in apt-get install.",
        rationale:
            "Unpinned packages change between builds, so a rebuild can break or change behaviour without any change to the Dockerfile.",
        examples: [
            .triggering("FROM debian:12\n↓RUN apt-get install -y --no-install-recommends curl\n"),
            .passing("FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10 ./local.deb\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let unpinned = aptGetInstalls(run.script).flatMap(aptPackages).filter { !$0.contains("=") && !$0.hasSuffix(".deb") }
            return unpinned.isEmpty
                ? nil : Violation(run.node, "pin versions: \(unpinned.map { "\($0)=<version>" }.joined(separator: " "))")
        }
    }
}
