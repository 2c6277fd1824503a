import DockerfileSyntax

struct DuplicateStageName: Rule {
    static let description = RuleDescription(
        id: "duplicate-stage-name",
        aliases: [.hadolint("DL3024"), .buildkit("DuplicateStageName"), .trivy("DS-0012")],
        severity: .error, category: .multiStage,
        summary: "Stage names must be unique.",
        rationale: "BuildKit rejects a Dockerfile whose stages share a name (names compare case-insensitively).",
        examples: [
            .triggering("FROM alpine:3.20 AS build\n↓FROM alpine:3.20 AS build\n"),
            .passing("FROM alpine:3.20 AS build\nFROM alpine:3.20 AS test\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        var seen: Set<String> = []
        return context.document.stages.compactMap { stage in
            guard let name = stage.name else { return nil }
            return seen.insert(name).inserted ? nil : Violation(stage.from, "another stage is already named \(name)")
        }
    }
}
