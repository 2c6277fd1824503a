import DockerfileStages
import DockerfileSyntax

/// Variables a FROM line uses that no global ARG declares.
struct FromUndefinedArg: Rule {
    static let description = RuleDescription(
        id: "from-undefined-arg",
        aliases: [.buildkit("UndefinedArgInFrom")],
        severity: .warning, category: .multiStage,
        summary: "Variables in FROM must be declared with ARG before the first FROM.",
        rationale: "Only global ARGs (and the platform arguments) expand in FROM; anything else expands to an empty string.",
        examples: [
            .triggering("FROM alpine:3.20 AS a\nARG TAG=1\n↓FROM node:${TAG}\n"),
            .passing("ARG TAG=22\nFROM node:${TAG}\nFROM --platform=$BUILDPLATFORM node:22\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        let declared = Set(context.document.preamble.filter { $0.command == "arg" }.flatMap { $0.next.map { argName($0.value) } })
        let lexer = ShellLexer(escapeToken: context.document.parsed.escapeToken)
        return context.document.stages.compactMap { stage in
            guard stage.base.contains("$") || (stage.platform?.contains("$") ?? false) else { return nil }
            var names: Set<String> = []
            for word in [stage.base] + (stage.platform.map { [$0] } ?? []) {
                if let expansion = try? lexer.expand(word, in: EnvironmentList()) { names.formUnion(expansion.unmatched) }
            }
            let undefined = names.subtracting(declared).subtracting(GlobalArgScope.platformArgNames).sorted()
            guard !undefined.isEmpty else { return nil }
            return Violation(stage.from, "FROM uses \(undefined.joined(separator: ", ")), which no global ARG declares")
        }
    }
}
