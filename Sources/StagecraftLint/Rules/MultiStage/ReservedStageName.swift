import DockerfileSyntax

struct ReservedStageName: Rule {
    static let description = RuleDescription(
        id: "reserved-stage-name",
        aliases: [.hadolint("DL3063"), .buildkit("ReservedStageName")],
        severity: .warning, category: .multiStage,
        summary: "Do not name a stage scratch or context.",
        rationale:
            "`scratch` is the empty image and `context` is the build context; a stage with either name is shadowed or confusing.",
        examples: [.triggering("↓FROM alpine:3.20 AS scratch\n"), .passing("FROM alpine:3.20 AS base\n")])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.compactMap { stage in
            guard let name = stage.name, name == "scratch" || name == "context" else { return nil }
            return Violation(stage.from, "\(name) is a reserved name; choose another stage name")
        }
    }
}
