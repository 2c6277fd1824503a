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
