import DockerfileSyntax

struct LabelEmpty: Rule {
    static let description = RuleDescription(
        id: "label-empty", aliases: [.hadolint("DL3051")], severity: .warning, category: .maintainability,
        summary: "Labels of the schema must not be empty.",
        rationale: "An empty required label satisfies the check while carrying no information.",
        examples: [
            .triggering("FROM alpine:3.20\n↓LABEL version=\"\"\n", configuration: schemaConfiguration(["version": .text])),
            .passing("FROM alpine:3.20\nLABEL version=1.0.0\n", configuration: schemaConfiguration(["version": .text])),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        let schema = context.configuration.labelSchema
        return context.document.stages.flatMap(declaredLabels).filter { schema[$0.key] != nil && $0.value.isEmpty }.map {
            Violation(line: $0.line, message: "label \($0.key) is empty")
        }
    }
}
