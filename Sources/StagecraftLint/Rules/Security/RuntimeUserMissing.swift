import DockerfileSyntax

struct RuntimeUserMissing: Rule {
    static let description = RuleDescription(
        id: "runtime-user-missing",
        severity: .warning, category: .security,
        summary: "Set a non-root USER, preferably a numeric UID, in the stage a target builds.",
        rationale:
            "Without USER the container runs as root. A numeric UID (USER 1000:1000) also lets Kubernetes' runAsNonRoot verify it without reading /etc/passwd.",
        examples: [
            .triggering("FROM alpine:3.20 AS build\nRUN make\n↓FROM alpine:3.20\nCOPY --from=build /app /app\n"),
            .passing("FROM alpine:3.20\nUSER 1000:1000\n"),
            .passing(
                "FROM golang:1.23 AS build\nRUN go build -o /app\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n"
            ),
        ])

    /// Images whose default user is not root (`lint.non-root-base-images` adds more).
    static let nonRootImages = [
        "*:nonroot", "*:*-nonroot", "*:nonroot-*", "cgr.dev/chainguard/*", "bitnami/*", "docker.io/bitnami/*",
        "nginxinc/nginx-unprivileged*", "docker.io/nginxinc/nginx-unprivileged*",
    ]
    private static let nonRootPatterns = nonRootImages.map(ImagePattern.init)

    func check(_ context: RuleContext) -> [Violation] {
        context.targetStages.compactMap { stage in
            guard context.effectiveUser(of: stage) == nil, pulledImageIsNotScratch(stage, context),
                !runsAsNonRoot(stage, context)
            else { return nil }
            return Violation(
                stage.from, "\(stage.displayName) has no USER and runs as root",
                suggestion: "add `USER 1000:1000` after the last RUN")
        }
    }

    /// Whether the pulled base image runs as a non-root user by default.
    private func runsAsNonRoot(_ stage: LintStage, _ context: RuleContext) -> Bool {
        guard let base = context.lineage(of: stage).last.flatMap(pulledImage) else { return false }
        // Chainguard's -dev variants run as root.
        if base.hasPrefix("cgr.dev/chainguard/") && base.contains("-dev") { return false }
        return Self.nonRootPatterns.contains { $0.matches(base) }
            || context.configuration.nonRootBaseImages.contains { matchesPattern(base, $0) }
    }

    /// Images built on scratch often have no user database; leave them to the other rules.
    private func pulledImageIsNotScratch(_ stage: LintStage, _ context: RuleContext) -> Bool {
        context.lineage(of: stage).last?.expandedBase != "scratch"
    }
}
