import DockerfileSyntax

struct AptGetAssumeYes: Rule {
    static let description = RuleDescription(
        id: "apt-get-assume-yes",
        aliases: [.hadolint("DL3014"), .trivy("DS-0021")],
        severity: .warning, category: .packages,
        summary: "Use apt-get install -y so the build never waits for input.",
        rationale: "Without -y, apt-get asks for confirmation; with no terminal the build fails or hangs.",
        examples: [
            .triggering("FROM debian:12\n↓RUN apt-get install --no-install-recommends curl=7.88.1-10\n"),
            .passing("FROM debian:12\nRUN apt-get install -qy --no-install-recommends curl=7.88.1-10\n"),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let missing = aptGetInstalls(run.script).contains { command in
                let quiet = command.arguments.filter { $0 == "-q" }.count >= 2 || command.has("-qq", "-q=2")
                return !(command.hasFlag(short: "y", long: ["yes", "assume-yes"]) || quiet)
            }
            guard missing else { return nil }
            return Violation(run.node, fix: context.insert(" -y", after: "apt-get install", in: run.node, title: "add -y"))
        }
    }
}
