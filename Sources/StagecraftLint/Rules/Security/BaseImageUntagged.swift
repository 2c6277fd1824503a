import DockerfileSyntax

struct BaseImageUntagged: Rule {
    static let description = RuleDescription(
        id: "base-image-untagged",
        aliases: [.hadolint("DL3006"), .trivy("DS-0001")],
        severity: .warning, category: .security,
        summary: "Tag base images with an explicit version.",
        rationale:
            "An untagged FROM means `latest`, which changes under you: builds stop being reproducible and updates arrive unreviewed.",
        examples: [.triggering("↓FROM node\n"), .passing("FROM node:22-slim\nFROM node@sha256:0123456789abcdef\nFROM scratch\n")])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.compactMap { stage in
            guard let image = pulledImage(stage), !stage.base.hasPrefix("$") else { return nil }
            let reference = ImageReference(image)
            guard reference.tag == nil, reference.digest == nil else { return nil }
            return Violation(stage.from, "\(image) has no tag; pin a version such as \(image):<version>")
        }
    }
}
