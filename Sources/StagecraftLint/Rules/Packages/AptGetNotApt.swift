import DockerfileSyntax

struct AptGetNotApt: Rule {
    static let description = RuleDescription(
        id: "apt-get-not-apt",
        aliases: [.hadolint("DL3027")],
        severity: .warning, category: .packages,
        summary: "Use apt-get or apt-cache in scripts, not apt.",
        rationale: "apt is for people; its output and options are not stable for scripts and it warns about that.",
        examples: [
            .triggering("FROM debian:12\n↓RUN apt install curl\n"), .passing("FROM debian:12\nRUN apt-get install -y curl\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { $0.script.runs("apt") ? Violation($0.node) : nil }
    }
}
