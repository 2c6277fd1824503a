import DockerfileSyntax

struct CopyFromRoot: Rule {
    static let description = RuleDescription(
        id: "copy-from-root", aliases: [.hadolint("DL3067")], severity: .warning, category: .multiStage,
        summary: "Do not COPY --from a stage's whole filesystem (/ to /).",
        rationale: "Copying / brings the builder's compilers, caches and package databases along, undoing the multi-stage split.",
        examples: [
            .triggering("FROM golang:1.23 AS build\nFROM scratch\n↓COPY --from=build / /\n"),
            .passing("FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build /out/app /app\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { $0.instructions("copy") }.compactMap { node in
            guard node.flags.contains(where: { $0.hasPrefix("--from=") }), node.next.map(\.value) == ["/", "/"] else {
                return nil
            }
            return Violation(node)
        }
    }
}
