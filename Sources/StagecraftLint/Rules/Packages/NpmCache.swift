import DockerfileSyntax

struct NpmCache: Rule {
    static let description = RuleDescription(
        id: "npm-cache",
        severity: .info, category: .packages,
        summary: "Keep npm's cache out of the layer: use a cache mount on /root/.npm, or clean it in the same RUN.",
        rationale:
            "npm keeps every downloaded tarball under ~/.npm; without a cache mount or `npm cache clean --force` it ships in the image.",
        examples: [
            .triggering("FROM node:22-slim\n↓RUN npm ci --omit=dev\n"),
            .passing("FROM node:22-slim\nRUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\n"),
            .passing("FROM node:22-slim\nRUN npm ci --omit=dev && npm cache clean --force\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let script = run.script
            let installs = script.commands(named: "npm").contains { ["ci", "install", "i"].contains($0.positional.first ?? "") }
            let cleans = script.commands(named: "npm").contains { $0.positional.starts(with: ["cache", "clean"]) }
            guard installs, !cleans, !run.hasCacheMount(endingWith: ".npm"), context.shippedStages.contains(run.stage.index)
            else { return nil }
            return Violation(
                run.node, suggestion: "RUN --mount=type=cache,target=/root/.npm \(run.run.next.first?.value ?? "npm ci")")
        }
    }
}
