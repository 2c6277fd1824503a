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

/// Matches an image or registry name against a pattern where `*` stands for any run of
/// characters, `/` included (`*`, `*.gcr.io`, `node:22-*`, `*:*-nonroot`), and `?` for one.
func matchesPattern(_ value: String, _ pattern: String) -> Bool {
    ImagePattern(pattern).matches(value)
}

/// A compiled image-name pattern (see ``matchesPattern(_:_:)``).
struct ImagePattern: Sendable {
    private let glob: GlobPattern
    init(_ pattern: String) { glob = GlobPattern(pattern.replacingOccurrences(of: "*", with: "**")) }
    func matches(_ value: String) -> Bool { glob.matches(value) }
}

struct TrustedRegistry: Rule {
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

struct AllowedBaseImage: Rule {
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

struct AddRemoteChecksum: Rule {
    static let description = RuleDescription(
        id: "add-remote-checksum",
        severity: .warning, category: .security,
        summary: "ADD of a remote URL needs --checksum=sha256:… (or download with a verified checksum in RUN).",
        rationale:
            "Without a checksum the build trusts whatever the server returns today; a compromised or changed file goes straight into the image.",
        examples: [
            .triggering("FROM alpine:3.20\n↓ADD https://example.com/tool.tar.gz /opt/\n"),
            .passing(
                "FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/\n"
            ),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { $0.instructions("add") }.compactMap { node in
            let remote = node.next.map(\.value).dropLast().filter { $0.hasPrefix("http://") || $0.hasPrefix("https://") }
            guard !remote.isEmpty, !node.flags.contains(where: { $0.hasPrefix("--checksum=") }) else { return nil }
            return Violation(node, "\(remote.joined(separator: ", ")) is added without --checksum")
        }
    }
}
