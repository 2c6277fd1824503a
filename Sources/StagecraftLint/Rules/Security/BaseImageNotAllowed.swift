import DockerfileSyntax

struct BaseImageNotAllowed: Rule {
    static let description = RuleDescription(
        id: "base-image-not-allowed",
        severity: .error, category: .security,
        summary: "Build only on the base images the configuration allows.",
        rationale: "Teams standardise on vetted bases (patched, minimal, supported); others slip in through copy-paste.",
        examples: [
            .triggering("↓FROM ubuntu:24.04\n", configuration: allowed(["node:22-*", "gcr.io/distroless/*"])),
            .passing(
                "FROM node:22-slim\nFROM gcr.io/distroless/nodejs22\n",
                configuration: allowed(["node:22-*", "gcr.io/distroless/*"])),
        ])

    private static func allowed(_ images: [String]) -> LintConfiguration {
        var configuration = LintConfiguration()
        configuration.allowedBaseImages = images
        return configuration
    }

    func check(_ context: RuleContext) -> [Violation] {
        let allowed = context.configuration.allowedBaseImages
        guard !allowed.isEmpty else { return [] }
        return context.document.stages.compactMap { stage in
            guard let image = pulledImage(stage), !allowed.contains(where: { matchesPattern(image, $0) }) else { return nil }
            return Violation(stage.from, "\(image) is not an allowed base image (\(allowed.joined(separator: ", ")))")
        }
    }
}
