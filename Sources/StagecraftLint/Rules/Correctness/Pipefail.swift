import DockerfileSyntax

struct Pipefail: Rule {
    static let description = RuleDescription(
        id: "pipefail",
        aliases: [.hadolint("DL4006")],
        severity: .warning, category: .correctness,
        summary: "Set SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before RUN with a pipe.",
        rationale:
            "Without pipefail a pipeline succeeds when only its last command does: `curl ... | tar x` hides a failed download.",
        examples: [
            .triggering("FROM debian:12\n↓RUN curl -fsSL https://example.com/x | tar xz\n"),
            .passing(
                "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/x | tar xz\n"
            ),
            .passing("FROM debian:12\nRUN case \"$CHANNEL\" in dev|beta) echo pre ;; *) echo stable ;; esac\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        var violations: [Violation] = []
        for stage in context.document.stages {
            var pipefail = false
            var nonPOSIX = false
            for node in stage.instructions {
                if node.command == "shell" {
                    let words = node.next.map(\.value)
                    pipefail = words.contains("pipefail")
                    nonPOSIX =
                        words.first.map { ["pwsh", "powershell", "cmd"].contains(where: $0.lowercased().contains) } ?? false
                }
                guard node.command == "run", !pipefail, !nonPOSIX else { continue }
                if context.run(for: node)?.script.commands.contains(where: { $0.terminator == "|" }) == true {
                    violations.append(Violation(node))
                }
            }
        }
        return violations
    }
}
