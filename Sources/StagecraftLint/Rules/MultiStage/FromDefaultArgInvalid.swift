import DockerfileSyntax

/// A FROM whose global-ARG defaults expand to nothing usable.
struct FromDefaultArgInvalid: Rule {
    static let description = RuleDescription(
        id: "from-default-arg-invalid",
        aliases: [.buildkit("InvalidDefaultArgInFrom")],
        severity: .warning, category: .multiStage,
        summary: "Global ARGs used in FROM need defaults that make a valid image reference.",
        rationale: "Without --build-arg the FROM expands to an empty or broken reference and the build fails.",
        examples: [.triggering("ARG TAG\n↓FROM busybox:${TAG}\n"), .passing("ARG TAG=1.36\nFROM busybox:${TAG}\n")])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.compactMap { stage in
            guard stage.base.contains("$") else { return nil }
            let image = stage.expandedBase
            let broken =
                image.isEmpty || image.hasSuffix(":") || image.hasPrefix(":") || image.hasSuffix("@") || image.contains(" ")
            return broken ? Violation(stage.from, "FROM \(stage.base) expands to \"\(image)\" with the ARG defaults") : nil
        }
    }
}
