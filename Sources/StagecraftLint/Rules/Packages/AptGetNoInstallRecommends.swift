import DockerfileSyntax

struct AptGetNoInstallRecommends: Rule {
    static let description = RuleDescription(
        id: "apt-get-no-install-recommends",
        aliases: [.hadolint("DL3015"), .trivy("DS-0029")],
        severity: .info, category: .packages,
        summary: "Use --no-install-recommends with apt-get install.",
        rationale: "Recommended packages are rarely needed in an image and often double its size.",
        examples: [
            .triggering("FROM debian:12\n↓RUN apt-get install -y curl=7.88.1-10\n"),
            .passing("FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10\n"),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let missing = aptGetInstalls(run.script).contains { command in
                !command.has("--no-install-recommends")
                    && !command.arguments.contains { $0.contains("APT::Install-Recommends=false") }
            }
            guard missing else { return nil }
            return Violation(
                run.node,
                fix: context.insert(
                    " --no-install-recommends", after: "apt-get install", in: run.node, title: "add --no-install-recommends"))
        }
    }
}
