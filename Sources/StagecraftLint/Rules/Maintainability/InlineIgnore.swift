import DockerfileSyntax

struct InlineIgnore: Rule {
    static let description = RuleDescription(
        id: "inline-ignore", aliases: [.hadolint("DL1001")], severity: .info, category: .maintainability,
        summary: "Inline ignore comments are not allowed by this project's policy.",
        rationale:
            "Teams that review exceptions centrally turn this on so every suppression goes through the configuration file.",
        examples: [
            .triggering("FROM alpine:3.20\n↓# hadolint ignore=DL3018\nRUN apk add --no-cache curl\n"),
            .passing("FROM alpine:3.20\n# a normal comment\nRUN apk add --no-cache curl=8.9.0-r0\n"),
        ])

    static let enabledByDefault = false

    func check(_ context: RuleContext) -> [Violation] {
        (1...max(1, context.document.lineStarts.count)).compactMap { line in
            let text = context.document.lineText(line).trimmingCharacters(in: " \t")
            guard text.hasPrefix("#"), Suppressions.ignorePragma(String(text.dropFirst()).trimmingCharacters(in: " \t")) != nil
            else { return nil }
            return Violation(line: line)
        }
    }
}
