import DockerfileSyntax

struct LabelUnexpected: Rule {
    static let description = RuleDescription(
        id: "label-unexpected", aliases: [.hadolint("DL3050")], severity: .info, category: .maintainability,
        summary: "With strict labels, only labels in the schema are allowed.",
        rationale: "A strict schema keeps label sets consistent across a team's images.",
        examples: [
            .triggering(
                "FROM alpine:3.20\n↓LABEL version=1.0.0 team=shop\n",
                configuration: schemaConfiguration(["version": .semver], strict: true)),
            .passing(
                "FROM alpine:3.20\nLABEL version=1.0.0\n", configuration: schemaConfiguration(["version": .semver], strict: true)),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        guard context.configuration.strictLabels else { return [] }
        let schema = context.configuration.labelSchema
        return context.document.stages.flatMap(declaredLabels).filter { schema[$0.key] == nil }.map {
            Violation(line: $0.line, message: "label \($0.key) is not in the label schema")
        }
    }
}
