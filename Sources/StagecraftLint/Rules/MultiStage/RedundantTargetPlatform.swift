import DockerfileSyntax

struct RedundantTargetPlatform: Rule {
    static let description = RuleDescription(
        id: "redundant-target-platform",
        aliases: [.hadolint("DL3065"), .buildkit("RedundantTargetPlatform")],
        severity: .warning, category: .multiStage,
        summary: "--platform=$TARGETPLATFORM in FROM is the default; leave it out.",
        rationale: "Stages already build for the target platform; the flag adds noise.",
        examples: [.triggering("↓FROM --platform=$TARGETPLATFORM alpine:3.20\n"), .passing("FROM alpine:3.20\n")],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.compactMap { stage in
            guard let platform = stage.platform, platform == "$TARGETPLATFORM" || platform == "${TARGETPLATFORM}" else {
                return nil
            }
            let fix = context.replace(
                "--platform=\(platform) ", with: "", in: stage.from, title: "remove the redundant --platform")
            return Violation(stage.from, fix: fix)
        }
    }
}
