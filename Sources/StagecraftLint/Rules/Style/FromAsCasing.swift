import DockerfileSyntax

struct FromAsCasing: Rule {
    static let description = RuleDescription(
        id: "from-as-casing",
        aliases: [.buildkit("FromAsCasing")],
        severity: .warning, category: .style,
        summary: "Write AS in the same case as FROM.",
        rationale: "Mixed casing such as `FROM x as y` reads as a mistake; BuildKit warns about it.",
        examples: [
            .triggering("↓FROM alpine:3.20 as build\n"), .passing("FROM alpine:3.20 AS build\nfrom alpine:3.20 as test\n"),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.compactMap { stage in
            let words = stage.from.next.map(\.value)
            guard words.count == 3 else { return nil }
            let keyword = stage.from.value
            let asWord = words[1]
            let keywordUpper = keyword == keyword.uppercased()
            let keywordLower = keyword == keyword.lowercased()
            guard keywordUpper || keywordLower else { return nil }
            let wanted = keywordUpper ? "AS" : "as"
            guard asWord != wanted else { return nil }
            let fix = context.replace(" \(asWord) ", with: " \(wanted) ", in: stage.from, title: "match the casing of FROM")
            return Violation(stage.from, "'\(asWord)' and '\(keyword)' keywords' casing do not match", fix: fix)
        }
    }
}
