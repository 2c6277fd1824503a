import DockerfileSyntax

struct MultipleCmd: Rule {
    static let description = RuleDescription(
        id: "multiple-cmd",
        aliases: [.hadolint("DL4003"), .buildkit("MultipleInstructionsDisallowed"), .trivy("DS-0016")],
        severity: .warning, category: .correctness,
        summary: "A stage should have at most one CMD.",
        rationale: "Only the last CMD takes effect; earlier ones are dead code that misleads readers.",
        examples: [
            .triggering("FROM alpine:3.20\nCMD [\"a\"]\n↓CMD [\"b\"]\n"),
            .passing("FROM alpine:3.20\nCMD [\"a\"]\nFROM alpine:3.20\nCMD [\"b\"]\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] { SingleInstructionCheck(keyword: "cmd").check(context) }
}
