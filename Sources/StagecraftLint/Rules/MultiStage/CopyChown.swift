import DockerfileSyntax

struct CopyChown: Rule {
    static let description = RuleDescription(
        id: "copy-chown",
        severity: .warning, category: .multiStage,
        summary: "Use COPY --chown instead of a later RUN chown -R on the copied files.",
        rationale: "RUN chown -R rewrites every file into a new layer, doubling the size of what was copied.",
        examples: [
            .triggering("FROM node:22-slim\nCOPY . /app\n↓RUN chown -R 1000:1000 /app\n"),
            .passing("FROM node:22-slim\nCOPY --chown=1000:1000 . /app\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { stage -> [Violation] in
            var copied: [String: Node] = [:]
            var violations: [Violation] = []
            for node in stage.instructions {
                if node.command == "copy" || node.command == "add", let destination = node.next.last?.value {
                    copied[normalized(destination)] = node
                }
                guard node.command == "run" else { continue }
                for command in (context.run(for: node)?.script ?? ShellScript("")).commands(named: "chown")
                where command.hasFlag(short: "R", long: ["recursive"]) {
                    let arguments = command.positional
                    guard arguments.count >= 2, let owner = arguments.first else { continue }
                    for path in arguments.dropFirst() where copied[normalized(path)] != nil {
                        violations.append(
                            Violation(
                                node,
                                "chown -R \(path) duplicates the layer COPY made; use COPY --chown=\(owner) on line \(copied[normalized(path)]?.startLine ?? 0)"
                            ))
                    }
                }
            }
            return violations
        }
    }

    private func normalized(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
