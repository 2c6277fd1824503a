import DockerfileSyntax

struct EmptyContinuationLine: Rule {
    static let description = RuleDescription(
        id: "empty-continuation-line",
        aliases: [.buildkit("NoEmptyContinuation")],
        severity: .warning, category: .style,
        summary: "Do not leave empty lines inside a continued instruction.",
        rationale: "BuildKit accepts them with a warning today and will reject them in a future release.",
        examples: [
            .triggering("FROM alpine:3.20\n↓RUN echo a \\\n\n  && echo b\n"),
            .passing("FROM alpine:3.20\nRUN echo a \\\n  && echo b\n"),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        let document = context.document
        return document.parsed.warnings.filter { $0.kind == .emptyContinuationLine }.compactMap { warning in
            guard let node = document.parsed.nodes.first(where: { $0.startLine == warning.line }) else { return nil }
            // Remove each blank line inside the instruction, line ending included.
            let edits = ((node.startLine + 1)...max(node.startLine + 1, node.endLine)).compactMap { line -> Fix.Edit? in
                guard line <= document.lineStarts.count, document.lineText(line).allSatisfy({ $0 == " " || $0 == "\t" }) else {
                    return nil
                }
                let start = document.lineStarts[line - 1]
                let end = line < document.lineStarts.count ? document.lineStarts[line] : document.source.count
                return Fix.Edit(range: start..<end, replacement: "")
            }
            return Violation(node, fix: edits.isEmpty ? nil : Fix(title: "remove the empty lines", edits: edits))
        }
    }
}
