import DockerfileSyntax

struct ExecFormCmd: Rule {
    static let description = RuleDescription(
        id: "exec-form-cmd",
        aliases: [.hadolint("DL3025"), .buildkit("JSONArgsRecommended")],
        severity: .warning, category: .correctness,
        summary: "Use the JSON (exec) form for CMD and ENTRYPOINT.",
        rationale:
            "In shell form the command runs under /bin/sh -c, which becomes PID 1 and does not forward signals: `docker stop` waits for its timeout and then kills the process. HEALTHCHECK CMD is not concerned: it is not PID 1, and `... || exit 1` needs the shell. The fix is offered only for a plain command; one that starts with a shell builtin (`exec`, `cd`, `exit`) stays as it is.",
        examples: [
            .triggering("FROM alpine:3.20\n↓CMD node server.js\n"),
            .passing(
                "FROM alpine:3.20\nCMD [\"node\", \"server.js\"]\nHEALTHCHECK CMD wget -q http://localhost/ || exit 1\n"),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap(\.instructions).compactMap { node in
            switch node.command {
            case "cmd", "entrypoint":
                guard !node.isJSON, let text = node.next.first?.value else { return nil }
                return Violation(node, fix: execFormFix(node, keyword: node.value, text: text, context: context))
            default:
                return nil
            }
        }
    }

    /// Words only a shell understands: in exec form there is no program by that name.
    static let shellBuiltins: Set<String> = [
        "exec", "cd", "exit", "export", "source", ".", "set", "unset", "eval", "trap", "ulimit", "umask", "wait", "read",
        "shift", "return", "alias", "if", "for", "while", "until", "case", "function", "{", "!",
    ]

    /// Rewrites to exec form only when the command uses no shell feature.
    private func execFormFix(_ node: Node, keyword: String, text: String, context: RuleContext) -> Fix? {
        let shellCharacters = Set("$`\\'\"|&;<>(){}*?[]~#=\n")
        guard !text.contains(where: { shellCharacters.contains($0) }) else { return nil }
        let plain = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let first = plain.first, !Self.shellBuiltins.contains(String(first)) else { return nil }
        let words = plain.map { "\"\($0)\"" }
        let flags = node.flags.isEmpty ? "" : node.flags.joined(separator: " ") + " "
        return context.replaceInstruction(
            node, with: "\(keyword) \(flags)[\(words.joined(separator: ", "))]", title: "use exec form")
    }
}
