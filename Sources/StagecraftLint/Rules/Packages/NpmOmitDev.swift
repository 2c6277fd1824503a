import DockerfileSyntax

struct NpmOmitDev: Rule {
    static let description = RuleDescription(
        id: "npm-omit-dev",
        severity: .warning, category: .packages,
        summary: "Replace the deprecated --only=production (and --production) with --omit=dev.",
        rationale:
            "npm 7 deprecated --only=production and npm 9 ignores it with a warning: dev dependencies may end up in the runtime image.",
        examples: [
            .triggering("FROM node:22-slim\n↓RUN npm ci --only=production\n"),
            .passing("FROM node:22-slim\nRUN npm ci --omit=dev\n"),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let deprecated = run.script.commands(named: "npm").flatMap { $0.arguments }.first {
                ["--only=production", "--only=prod", "--production"].contains($0)
            }
            guard let deprecated else { return nil }
            let fix = context.replace(deprecated, with: "--omit=dev", in: run.node, title: "use --omit=dev")
            return Violation(run.node, "\(deprecated) is deprecated; use --omit=dev", fix: fix)
        }
    }
}
