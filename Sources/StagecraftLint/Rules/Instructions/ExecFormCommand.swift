import DockerfileSyntax

struct ExecFormCommand: Rule {
    static let description = RuleDescription(
        id: "exec-form-cmd",
        aliases: [.hadolint("DL3025"), .buildkit("JSONArgsRecommended")],
        severity: .warning, category: .correctness,
        summary: "Use the JSON (exec) form for CMD, ENTRYPOINT and HEALTHCHECK CMD.",
        rationale:
            "In shell form the command runs under /bin/sh -c, which becomes PID 1 and does not forward signals: `docker stop` waits for its timeout and then kills the process.",
        examples: [
            .triggering("FROM alpine:3.20\n↓CMD node server.js\n"),
            .triggering("FROM alpine:3.20\n↓HEALTHCHECK CMD wget -q http://localhost/\n"),
            .passing("FROM alpine:3.20\nCMD [\"node\", \"server.js\"]\nHEALTHCHECK NONE\n"),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap(\.instructions).compactMap { node in
            switch node.command {
            case "cmd", "entrypoint":
                guard !node.isJSON, let text = node.next.first?.value else { return nil }
                return Violation(node, fix: execFormFix(node, keyword: node.value, text: text, context: context))
            case "healthcheck":
                guard !node.isJSON, node.next.count > 1, node.next[0].value.uppercased() == "CMD" else { return nil }
                return Violation(node)
            default:
                return nil
            }
        }
    }

    /// Rewrites to exec form only when the command uses no shell feature.
    private func execFormFix(_ node: Node, keyword: String, text: String, context: RuleContext) -> Fix? {
        let shellCharacters = Set("$`\\'\"|&;<>(){}*?[]~#=\n")
        guard !text.contains(where: { shellCharacters.contains($0) }) else { return nil }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { "\"\($0)\"" }
        guard !words.isEmpty else { return nil }
        let flags = node.flags.isEmpty ? "" : node.flags.joined(separator: " ") + " "
        return context.replaceInstruction(
            node, with: "\(keyword) \(flags)[\(words.joined(separator: ", "))]", title: "use exec form")
    }
}
