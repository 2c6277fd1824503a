import DockerfileStages
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
        let stages = context.document.stages
        // Walk the FROM-<stage> forest depth first, keeping a count of the ENV names the stages on
        // the current path define, so a long chain of stages costs time linear in its length.
        var children = [[Int]](repeating: [], count: stages.count)
        var roots: [Int] = []
        for stage in stages {
            if let parent = stage.parent, parent < stage.index {
                children[parent].append(stage.index)
            } else {
                roots.append(stage.index)
            }
        }
        let globals = Set(context.document.preamble.filter { $0.command == "arg" }.flatMap { $0.next.map { argName($0.value) } })
        let lexer = ShellLexer(escapeToken: context.document.parsed.escapeToken)
        var inherited: [String: Int] = [:]
        var perStage = [[Violation]](repeating: [], count: stages.count)
        // Every name an ARG or ENV defines anywhere, for "did you mean" (checked against the scope);
        // names of one or two characters are never suggested. Built on first use: most files
        // never need a suggestion.
        let allNames = LazyNearNames {
            stages.flatMap { stage in
                stage.instructions.flatMap { node in
                    node.command == "env" ? envNames(node) : node.command == "arg" ? node.next.map { argName($0.value) } : []
                }
            }.filter { $0.count > 2 }
        }
        var stack: [(stage: Int, leaving: Bool)] = roots.reversed().map { ($0, false) }
        while let (index, leaving) = stack.popLast() {
            let names = stages[index].instructions("env").flatMap(envNames)
            if leaving {
                for name in names {
                    inherited[name, default: 1] -= 1
                    if inherited[name] == 0 { inherited[name] = nil }
                }
                continue
            }
            perStage[index] = check(stages[index], inherited: inherited, globals: globals, lexer: lexer, allNames: allNames)
            for name in names { inherited[name, default: 0] += 1 }
            stack.append((index, true))
            stack += children[index].reversed().map { ($0, false) }
        }
        return perStage.flatMap { $0 }
    }

    private func envNames(_ node: Node) -> [String] {
        stride(from: 0, to: node.next.count, by: 3).map { node.next[$0].value }
    }

    /// One stage's findings; `inherited` holds the ENV names its ancestors define.
    private func check(
        _ stage: LintStage, inherited: [String: Int], globals: Set<String>, lexer: ShellLexer, allNames: LazyNearNames
    ) -> [Violation] {
        let usesVariables = stage.instructions.contains { node in
            Self.expanded.contains(node.command) && node.next.contains { $0.value.utf8.contains(0x24) }
        }
        guard usesVariables else { return [] }
        var own = Set<String>()
        func isDefined(_ name: String) -> Bool { own.contains(name) || inherited[name] != nil }
        var violations: [Violation] = []
        for node in stage.instructions {
            if Self.expanded.contains(node.command) {
                var unmatched = Set<String>()
                for word in node.next.map(\.value) where word.contains("$") {
                    if let expansion = try? lexer.expand(word, in: EnvironmentList()) {
                        unmatched.formUnion(expansion.unmatched)
                    }
                }
                let undefined = unmatched.filter {
                    !isDefined($0) && !GlobalArgScope.platformArgNames.contains($0) && !Self.proxyArgs.contains($0)
                }
                // `ARG NAME="${NAME:-default}"` gives a variable its own default: not a typo.
                let declaredHere = node.command == "arg" ? Set(node.next.map { argName($0.value) }) : []
                for name in undefined.sorted() where !declaredHere.contains(name) {
                    if globals.contains(name) {
                        violations.append(
                            Violation(node, "\(name) is a global ARG; declare `ARG \(name)` in this stage to use it here"))
                    } else if let close = allNames.index.near(name, where: isDefined).first {
                        violations.append(Violation(node, "\(name) is not defined; did you mean \(close)?"))
                    }
                }
            }
            switch node.command {
            case "arg": own.formUnion(node.next.map { argName($0.value) })
            case "env": own.formUnion(envNames(node))
            default: break
            }
        }
        return violations
    }
}

/// A ``NearNames`` index built the first time it is asked for.
final class LazyNearNames {
    private let names: () -> [String]
    private(set) lazy var index = NearNames(names())

    init(_ names: @escaping () -> [String]) { self.names = names }
}
