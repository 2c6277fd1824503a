import DockerfileSyntax

/// Images a Dockerfile pulls: FROM bases, `COPY --from=<image>` and `RUN --mount=from=<image>`.
func pulledImages(_ context: RuleContext) -> [(node: Node, image: String)] {
    let stages = context.document.stages
    let names = Set(stages.compactMap(\.name))
    var result: [(Node, String)] = []
    for stage in stages {
        if let image = pulledImage(stage) { result.append((stage.from, image)) }
        for node in stage.instructions {
            var references: [String] = []
            if node.command == "copy", let from = node.flags.last(where: { $0.hasPrefix("--from=") }) {
                references.append(String(from.dropFirst("--from=".count)))
            }
            if node.command == "run" {
                references += context.run(for: node)?.mounts.compactMap { $0["from"] } ?? []
            }
            for reference in references
            where !names.contains(reference.lowercased()) && Int(reference) == nil && !reference.contains("$") {
                result.append((node, reference))
            }
        }
    }
    return result
}

struct UntrustedRegistry: Rule {
    static let description = RuleDescription(
        id: "untrusted-registry",
        aliases: [.hadolint("DL3026")],
        severity: .error, category: .security,
        summary: "Pull images only from the configured trusted registries.",
        rationale: "An image from an unexpected registry bypasses the scanning and signing your registry enforces.",
        examples: [
            .triggering("↓FROM evil.example.com/node:22\n", configuration: trusted(["docker.io", "*.gcr.io"])),
            .passing("FROM node:22\nFROM mirror.gcr.io/library/node:22\n", configuration: trusted(["docker.io", "*.gcr.io"])),
        ])

    private static func trusted(_ registries: [String]) -> LintConfiguration {
        var configuration = LintConfiguration()
        configuration.trustedRegistries = registries
        return configuration
    }

    func check(_ context: RuleContext) -> [Violation] {
        let trusted = context.configuration.trustedRegistries
        guard !trusted.isEmpty else { return [] }
        return pulledImages(context).compactMap { node, image in
            let registry = ImageReference(image).registry
            guard !trusted.contains(where: { matchesPattern(registry, $0) }) else { return nil }
            return Violation(
                node, "\(image) comes from \(registry), which is not a trusted registry (\(trusted.joined(separator: ", ")))")
        }
    }
}
