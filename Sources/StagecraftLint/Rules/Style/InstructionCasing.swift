import DockerfileSyntax

struct InstructionCasing: Rule {
    static let description = RuleDescription(
        id: "instruction-casing",
        aliases: [.buildkit("ConsistentInstructionCasing")],
        severity: .warning, category: .style,
        summary: "Write instruction keywords all in upper case or all in lower case, consistently.",
        rationale: "Mixed casing (`Run`, or `run` among `RUN`s) makes a Dockerfile harder to scan; BuildKit warns about it.",
        examples: [
            .triggering("FROM alpine:3.20\n↓Run echo hi\n↓run echo there\nRUN echo ok\n"),
            .passing("FROM alpine:3.20\nRUN echo hi\n"),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        let nodes = context.document.parsed.nodes
        let upper = nodes.filter { $0.value == $0.value.uppercased() }.count
        let lower = nodes.filter { $0.value == $0.value.lowercased() && $0.value != $0.value.uppercased() }.count
        let wantUpper = upper >= lower
        return nodes.compactMap { node in
            let wanted = wantUpper ? node.value.uppercased() : node.value.lowercased()
            guard node.value != wanted else { return nil }
            let fix = replaceKeyword(node, with: wanted, context: context)
            return Violation(node, "\(node.value) should be \(wanted) to match the rest of the file", fix: fix)
        }
    }

    private func replaceKeyword(_ node: Node, with keyword: String, context: RuleContext) -> Fix? {
        let range = context.document.lineRange(node.startLine)
        let line = Array(context.document.source[range])
        let indent = line.prefix { $0 == 0x20 || $0 == 0x09 }.count
        let length = node.value.utf8.count
        guard line.count >= indent + length, Array(line[indent..<indent + length]) == Array(node.value.utf8) else { return nil }
        return Fix(
            title: "match the file's keyword casing",
            edits: [Fix.Edit(range: (range.lowerBound + indent)..<(range.lowerBound + indent + length), replacement: keyword)])
    }
}
