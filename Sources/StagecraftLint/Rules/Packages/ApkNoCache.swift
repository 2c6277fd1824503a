import DockerfileSyntax

struct ApkNoCache: Rule {
    static let description = RuleDescription(
        id: "apk-no-cache",
        aliases: [.hadolint("DL3019"), .trivy("DS-0025")],
        severity: .info, category: .packages,
        summary: "Use apk add --no-cache, or a cache mount on /var/cache/apk.",
        rationale: "The package index stays in the layer otherwise; --no-cache skips it and `apk update` is then unnecessary.",
        examples: [
            .triggering("FROM alpine:3.20\n↓RUN apk add curl=8.9.0-r0\n"),
            .passing(
                "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.0-r0\nRUN --mount=type=cache,target=/var/cache/apk apk add git=2.45.2-r0\n"
            ),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let missing = run.script.commands(named: "apk").contains { $0.has("add") && !$0.has("--no-cache") }
            guard missing, !run.hasCacheMount(endingWith: "/var/cache/apk"), context.shippedStages.contains(run.stage.index)
            else { return nil }
            return Violation(
                run.node, fix: context.insert(" --no-cache", after: "apk add", in: run.node, title: "add --no-cache"))
        }
    }
}
