import DockerfileSyntax

struct CopyFromOwnStage: Rule {
    static let description = RuleDescription(
        id: "copy-from-own-stage",
        aliases: [.hadolint("DL3023"), .trivy("DS-0006")],
        severity: .error, category: .multiStage,
        summary: "COPY --from cannot reference the stage it is in.",
        rationale: "A stage cannot read its own result; BuildKit reports a circular dependency.",
        examples: [
            .triggering("FROM alpine:3.20 AS build\n↓COPY --from=build /a /b\n"),
            .passing("FROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=build /a /b\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { stage in
            stage.instructions("copy").compactMap { node -> Violation? in
                guard let from = node.flags.last(where: { $0.hasPrefix("--from=") })?.dropFirst("--from=".count) else {
                    return nil
                }
                let matches = from.lowercased() == stage.name || Int(from) == stage.index
                return matches ? Violation(node, "\(stage.displayName) copies from itself") : nil
            }
        }
    }
}
