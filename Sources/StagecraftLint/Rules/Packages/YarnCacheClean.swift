import DockerfileSyntax

struct YarnCacheClean: Rule {
    static let description = RuleDescription(
        id: "yarn-cache-clean",
        aliases: [.hadolint("DL3060")],
        severity: .info, category: .packages,
        summary: "Run yarn cache clean after yarn install, or use a cache mount.",
        rationale: "Yarn's cache otherwise stays in the layer.",
        examples: [
            .triggering("FROM node:22-slim\n↓RUN yarn install\n"),
            .passing("FROM node:22-slim\nRUN yarn install && yarn cache clean\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        let shipped = context.shippedStages
        return context.runs().compactMap { run in
            guard shipped.contains(run.stage.index) else { return nil }
            let script = run.script
            let installs = script.commands(named: "yarn").contains { $0.positional.first == "install" }
            let cleans = script.commands(named: "yarn").contains { $0.positional.starts(with: ["cache", "clean"]) }
            guard installs, !cleans, !run.hasCacheMount(endingWith: ".cache/yarn") else { return nil }
            return Violation(run.node)
        }
    }
}
