import DockerfileSyntax

struct FromPlatformConstant: Rule {
    static let description = RuleDescription(
        id: "from-platform-constant",
        aliases: [.hadolint("DL3029"), .buildkit("FromPlatformFlagConstDisallowed")],
        severity: .warning, category: .multiStage,
        summary: "Do not hard-code --platform in FROM; use $BUILDPLATFORM or $TARGETPLATFORM.",
        rationale: "A fixed platform breaks multi-platform builds and emulates on every other machine.",
        examples: [
            .triggering("↓FROM --platform=linux/amd64 golang:1.23\n"),
            .passing("FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.compactMap { stage in
            guard let platform = stage.platform, !platform.contains("BUILDPLATFORM"), !platform.contains("TARGETPLATFORM") else {
                return nil
            }
            return Violation(stage.from, "FROM --platform=\(platform) is fixed; use --platform=$BUILDPLATFORM for build tools")
        }
    }
}
