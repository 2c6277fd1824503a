import DockerfileSyntax

struct ConsecutiveRun: Rule {
    static let description = RuleDescription(
        id: "consecutive-run",
        aliases: [.hadolint("DL3059")],
        severity: .info, category: .maintainability,
        summary: "Merge consecutive single-command RUN instructions.",
        rationale: "Each RUN makes a layer; consecutive one-liners with the same flags usually belong together.",
        examples: [
            .triggering("FROM alpine:3.20\nRUN mkdir /app\n↓RUN chown 1000 /app\n"),
            .passing("FROM alpine:3.20\nRUN mkdir /app && chown 1000 /app\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        var violations: [Violation] = []
        for stage in context.document.stages {
            var previous: Node?
            for node in stage.instructions {
                defer { previous = node }
                guard node.command == "run", let before = previous, before.command == "run", before.flags == node.flags else {
                    continue
                }
                let count = { (run: Node) in context.run(for: run)?.script.commands.count ?? 0 }
                if count(before) <= 1 && count(node) <= 1 { violations.append(Violation(node)) }
            }
        }
        return violations
    }
}
