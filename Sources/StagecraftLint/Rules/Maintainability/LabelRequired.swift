import DockerfileSyntax

struct LabelRequired: Rule {
    static let description = RuleDescription(
        id: "label-required", aliases: [.hadolint("DL3049")], severity: .info, category: .maintainability,
        summary: "The image must carry every label of the configured label schema.",
        rationale: "Registries, scanners and people find an image's source, version and owner through its labels.",
        examples: [
            .triggering(
                "↓FROM alpine:3.20\nLABEL version=1.0.0\n",
                configuration: schemaConfiguration(["version": .semver, "maintainer": .email])),
            .passing(
                "FROM alpine:3.20\nLABEL version=1.0.0 maintainer=ops@example.com\n",
                configuration: schemaConfiguration(["version": .semver, "maintainer": .email])),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        let schema = context.configuration.labelSchema
        guard !schema.isEmpty else { return [] }
        return context.targetStages.compactMap { stage in
            let present = Set(context.lineage(of: stage).flatMap { declaredLabels($0).map(\.key) })
            let missing = schema.keys.filter { !present.contains($0) }.sorted()
            return missing.isEmpty ? nil : Violation(stage.from, "missing label \(missing.joined(separator: ", "))")
        }
    }
}
