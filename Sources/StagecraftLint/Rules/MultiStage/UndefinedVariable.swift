import DockerfileSyntax

/// Variables that instructions BuildKit expands refer to but the stage never defines. Without the
/// base image's environment the rule reports only what is certainly wrong: a global ARG used in a
/// stage that did not redeclare it, and a name one or two edits away from a variable in scope.
struct UndefinedVariable: Rule {
    static let description = RuleDescription(
        id: "undefined-variable",
        aliases: [.buildkit("UndefinedVar")],
        severity: .warning, category: .correctness,
        summary: "Variables used in instructions must be defined in the stage (global ARGs must be redeclared).",
        rationale:
            "A global ARG is only visible in FROM lines; inside a stage it expands to an empty string unless the stage declares `ARG NAME` again. A misspelt name expands to nothing the same way.",
        examples: [
            .triggering("ARG VERSION=1.2\nFROM alpine:3.20\n↓LABEL version=$VERSION\n"),
            .triggering("FROM alpine:3.20\nENV APP_HOME=/app\n↓WORKDIR $APP_HOEM\n"),
            .passing("ARG VERSION=1.2\nFROM alpine:3.20\nARG VERSION\nLABEL version=$VERSION\nENV PATH=/app/bin:$PATH\n"),
            .passing("FROM alpine:3.20\nARG APP_UID=1000\nARG APP_GID=\"${APP_GID:-1000}\"\nUSER $APP_UID:$APP_GID\n"),
        ])

    static let expanded: Set<String> = [
        "add", "copy", "env", "expose", "label", "stopsignal", "user", "volume", "workdir", "arg",
    ]
    static let proxyArgs: Set<String> = [
        "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "ftp_proxy", "no_proxy",
        "all_proxy",
    ]

    func check(_ context: RuleContext) -> [Violation] {
        let globals = Set(context.document.preamble.filter { $0.command == "arg" }.flatMap { $0.next.map { argName($0.value) } })
        let lexer = ShellLexer(escapeToken: context.document.parsed.escapeToken)
        var violations: [Violation] = []
        for stage in context.document.stages {
            let usesVariables = stage.instructions.contains { node in
                Self.expanded.contains(node.command) && node.next.contains { $0.value.utf8.contains(0x24) }
            }
            guard usesVariables else { continue }
            var defined = Set(
                context.lineage(of: stage).dropFirst().flatMap { ancestor in
                    ancestor.instructions("env").flatMap { node in
                        stride(from: 0, to: node.next.count, by: 3).map { node.next[$0].value }
                    }
                })
            for node in stage.instructions {
                if Self.expanded.contains(node.command) {
                    var unmatched = Set<String>()
                    for word in node.next.map(\.value) where word.contains("$") {
                        if let expansion = try? lexer.expand(word, in: EnvironmentList()) {
                            unmatched.formUnion(expansion.unmatched)
                        }
                    }
                    let undefined = unmatched.subtracting(defined).subtracting(DocumentDefaults.platformArgNames).subtracting(
                        Self.proxyArgs)
                    // `ARG NAME="${NAME:-default}"` gives a variable its own default: not a typo.
                    let own = node.command == "arg" ? Set(node.next.map { argName($0.value) }) : []
                    for name in undefined.sorted() where !own.contains(name) {
                        if globals.contains(name) {
                            violations.append(
                                Violation(node, "\(name) is a global ARG; declare `ARG \(name)` in this stage to use it here"))
                        } else if let close = defined.first(where: { editDistance($0, name) <= 2 && $0.count > 2 }) {
                            violations.append(Violation(node, "\(name) is not defined; did you mean \(close)?"))
                        }
                    }
                }
                switch node.command {
                case "arg": defined.formUnion(node.next.map { argName($0.value) })
                case "env": defined.formUnion(stride(from: 0, to: node.next.count, by: 3).map { node.next[$0].value })
                default: break
                }
            }
        }
        return violations
    }
}
