import DockerfileSyntax

struct ZypperClean: Rule {
    static let description = RuleDescription(
        id: "zypper-clean", aliases: [.hadolint("DL3036"), .trivy("DS-0020")], severity: .warning, category: .packages,
        summary: "Run zypper clean in the same RUN as zypper install.",
        rationale: "zypper's cache otherwise stays in the layer.",
        examples: [
            .triggering("FROM opensuse/leap:15.6\n↓RUN zypper -n install httpd=2.4.58\n"),
            .passing("FROM opensuse/leap:15.6\nRUN zypper -n install httpd=2.4.58 && zypper clean\n"),
        ])
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let script = run.script
            let used = !installs(script, "zypper", subcommands: ["install", "in"]).isEmpty
            let cleaned = script.commands(named: "zypper").contains { $0.has("clean", "cc") }
            return used && !cleaned ? Violation(run.node) : nil
        }
    }
}
