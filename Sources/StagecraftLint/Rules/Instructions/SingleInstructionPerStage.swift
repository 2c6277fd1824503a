import DockerfileSyntax

/// Reports every CMD, ENTRYPOINT or HEALTHCHECK after the first in a stage; only the last one counts.
struct SingleInstructionCheck {
    let keyword: String

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { stage in
            stage.instructions(keyword).dropFirst().map {
                Violation($0, "only the last \(keyword.uppercased()) of a stage takes effect; remove the earlier ones")
            }
        }
    }
}

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
