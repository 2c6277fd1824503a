import DockerfileSyntax

struct MultipleEntrypoint: Rule {
    static let description = RuleDescription(
        id: "multiple-entrypoint",
        aliases: [.hadolint("DL4004"), .buildkit("MultipleInstructionsDisallowed"), .trivy("DS-0007")],
        severity: .error, category: .correctness,
        summary: "A stage should have at most one ENTRYPOINT.",
        rationale: "Only the last ENTRYPOINT takes effect; earlier ones are dead code that misleads readers.",
        examples: [
            .triggering("FROM alpine:3.20\nENTRYPOINT [\"a\"]\n↓ENTRYPOINT [\"b\"]\n"),
            .passing("FROM alpine:3.20\nENTRYPOINT [\"a\"]\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] { SingleInstructionCheck(keyword: "entrypoint").check(context) }
}
