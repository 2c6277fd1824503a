import DockerfileSyntax

struct EnvKeyValueFormat: Rule {
    static let description = RuleDescription(
        id: "env-key-value-format",
        aliases: [.buildkit("LegacyKeyValueFormat")],
        severity: .warning, category: .style,
        summary: "Write ENV and LABEL as key=value.",
        rationale: "The legacy `ENV key value` form cannot set several variables and reads ambiguously; BuildKit warns about it.",
        examples: [.triggering("FROM alpine:3.20\n↓ENV APP_HOME /app\n"), .passing("FROM alpine:3.20\nENV APP_HOME=/app\n")],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.document.parsed.nodes.compactMap { node in
            guard node.command == "env" || node.command == "label", node.next.count == 3, node.next[2].value.isEmpty else {
                return nil
            }
            let key = node.next[0].value
            let value = node.next[1].value
            var fix: Fix?
            if !value.contains(where: { "\"'\\$`".contains($0) }) {
                let quoted = value.contains(where: { $0 == " " || $0 == "\t" }) ? "\"\(value)\"" : value
                fix = context.replaceInstruction(node, with: "\(node.value) \(key)=\(quoted)", title: "use key=value")
            }
            return Violation(node, "use \(node.value.uppercased()) \(key)=… instead of the legacy whitespace form", fix: fix)
        }
    }
}
