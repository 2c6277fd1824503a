import DockerfileSyntax

struct RuntimeBaseMinimal: Rule {
    static let description = RuleDescription(
        id: "runtime-base-minimal",
        severity: .info, category: .multiStage,
        summary: "When a build stage exists, base the image on a minimal variant (slim, alpine, distroless, scratch).",
        rationale: "The point of a build stage is a small runtime image; a full distribution base undoes most of the saving.",
        examples: [
            .triggering("FROM node:22 AS build\nRUN npm ci\n↓FROM node:22\nCOPY --from=build /app /app\n"),
            .passing("FROM node:22 AS build\nRUN npm ci\nFROM node:22-slim\nCOPY --from=build /app /app\n"),
        ])

    static let minimalMarkers = [
        "slim", "alpine", "distroless", "busybox", "scratch", "chainguard", "minimal", "micro", "ubi-minimal", "wolfi", "static",
    ]

    func check(_ context: RuleContext) -> [Violation] {
        guard context.document.stages.count > 1 else { return [] }
        return context.targetStages.compactMap { stage in
            // A development target is meant to carry the toolchain.
            guard !context.isDevelopment(stage) else { return nil }
            guard let root = context.lineage(of: stage).last, let image = pulledImage(root) else { return nil }
            guard !Self.minimalMarkers.contains(where: { image.lowercased().contains($0) }) else { return nil }
            return Violation(
                stage.from,
                "\(stage.displayName) is based on \(image); a -slim, -alpine or distroless variant is usually enough at runtime"
            )
        }
    }
}
