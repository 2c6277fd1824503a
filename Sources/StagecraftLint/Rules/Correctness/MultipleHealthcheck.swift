import DockerfileSyntax

struct MultipleHealthcheck: Rule {
    static let description = RuleDescription(
        id: "multiple-healthcheck",
        aliases: [.hadolint("DL3012"), .buildkit("MultipleInstructionsDisallowed"), .trivy("DS-0023")],
        severity: .error, category: .correctness,
        summary: "A stage should have at most one HEALTHCHECK.",
        rationale: "Only the last HEALTHCHECK takes effect; an earlier one gives a false sense of what is checked.",
        examples: [
            .triggering("FROM alpine:3.20\nHEALTHCHECK CMD [\"a\"]\n↓HEALTHCHECK NONE\n"),
            .passing("FROM alpine:3.20\nHEALTHCHECK CMD [\"a\"]\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] { SingleInstructionCheck(keyword: "healthcheck").check(context) }
}
