import DockerfileSyntax

struct BaseImageLatest: Rule {
    static let description = RuleDescription(
        id: "base-image-latest",
        aliases: [.hadolint("DL3007"), .trivy("DS-0001")],
        severity: .warning, category: .security,
        summary: "Do not build on the latest tag.",
        rationale: "`latest` moves; the same Dockerfile builds different images on different days.",
        examples: [.triggering("↓FROM alpine:latest\n"), .passing("FROM alpine:3.20\n")])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.compactMap { stage in
            guard let image = pulledImage(stage) else { return nil }
            let reference = ImageReference(image)
            guard reference.tag == "latest", reference.digest == nil else { return nil }
            return Violation(stage.from, "\(image) uses the latest tag; pin a version")
        }
    }
}
