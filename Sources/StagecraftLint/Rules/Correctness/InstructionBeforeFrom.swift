import DockerfileSyntax

struct InstructionBeforeFrom: Rule {
    static let description = RuleDescription(
        id: "instruction-before-from",
        aliases: [.hadolint("DL3061")],
        severity: .error, category: .correctness,
        summary: "Only ARG may come before the first FROM.",
        rationale: "BuildKit rejects any other instruction before FROM with \"no build stage in current context\".",
        examples: [.triggering("↓ENV A=1\nFROM alpine:3.20\n"), .passing("ARG VERSION=3.20\nFROM alpine:${VERSION}\n")])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.preamble.filter { $0.command != "arg" }.map {
            Violation($0, "\($0.value.uppercased()) before the first FROM; move it into a stage")
        }
    }
}
