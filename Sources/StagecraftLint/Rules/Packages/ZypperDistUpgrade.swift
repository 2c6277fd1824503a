import DockerfileSyntax

struct ZypperDistUpgrade: Rule {
    static let description = RuleDescription(
        id: "zypper-dist-upgrade", aliases: [.hadolint("DL3035")], severity: .warning, category: .packages,
        summary: "Do not run zypper dist-upgrade in a Dockerfile.",
        rationale: "A distribution upgrade inside an image belongs in a new base image, not in a layer.",
        examples: [
            .triggering("FROM opensuse/leap:15.6\n↓RUN zypper dist-upgrade\n"),
            .passing("FROM opensuse/leap:15.6\nRUN zypper -n patch\n"),
        ])
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            installs(run.script, "zypper", subcommands: ["dist-upgrade", "dup"]).isEmpty ? nil : Violation(run.node)
        }
    }
}
