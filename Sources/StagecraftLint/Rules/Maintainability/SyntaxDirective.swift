import DockerfileSyntax

struct SyntaxDirective: Rule {
    /// Off by default: engines since Docker 23 carry a frontend with these features, and the
    /// directive needs a registry to pull the frontend image from.
    static let enabledByDefault = false

    static let description = RuleDescription(
        id: "syntax-directive",
        severity: .info, category: .maintainability,
        summary: "Declare `# syntax=docker/dockerfile:1` when using BuildKit-only features.",
        rationale:
            "Heredocs, RUN --mount, COPY --link/--exclude/--parents and ADD --checksum need a recent Dockerfile frontend; an older engine's built-in one fails on them. The directive makes the requirement explicit (it needs the frontend image to be pullable).",
        examples: [
            .triggering("FROM alpine:3.20\n↓RUN --mount=type=cache,target=/root/.cache make\n"),
            .passing("# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache make\n"),
        ])

    static let featureFlags = ["--mount=", "--link", "--exclude=", "--parents", "--checksum=", "--security=", "--network="]

    func check(_ context: RuleContext) -> [Violation] {
        guard context.document.parsed.directive("syntax") == nil else { return [] }
        let first = context.document.parsed.nodes.first { node in
            !node.heredocs.isEmpty || node.flags.contains { flag in Self.featureFlags.contains { flag.hasPrefix($0) } }
        }
        return first.map {
            [Violation($0, "this uses BuildKit-only syntax; add `# syntax=docker/dockerfile:1` as the first line")]
        } ?? []
    }
}
