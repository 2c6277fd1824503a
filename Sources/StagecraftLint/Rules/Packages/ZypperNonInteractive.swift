import DockerfileSyntax

struct ZypperNonInteractive: Rule {
    static let description = RuleDescription(
        id: "zypper-non-interactive", aliases: [.hadolint("DL3034")], severity: .warning, category: .packages,
        summary: "Use zypper -n (non-interactive) for install, remove and patch.",
        rationale: "zypper asks for confirmation otherwise and the build fails without a terminal.",
        examples: [
            .triggering("FROM opensuse/leap:15.6\n↓RUN zypper install httpd=2.4.58 && zypper clean\n"),
            .passing("FROM opensuse/leap:15.6\nRUN zypper -n install httpd=2.4.58 && zypper clean\n"),
        ])
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let commands = installs(
                run.script, "zypper", subcommands: ["install", "in", "remove", "rm", "source-install", "si", "patch"])
            return commands.contains {
                !$0.hasFlag(short: "n", long: ["non-interactive", "no-confirm"]) && !$0.hasFlag(short: "y")
            } ? Violation(run.node) : nil
        }
    }
}
