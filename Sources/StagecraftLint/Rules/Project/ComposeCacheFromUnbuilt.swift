import DockerfileSyntax
import StagecraftCompose

struct ComposeCacheFromUnbuilt: ProjectRule {
    static let description = RuleDescription(
        id: "compose-cache-from-unbuilt",
        severity: .warning, category: .project,
        summary: "cache_from should name an image this project builds or exports cache to.",
        rationale:
            "A cache_from reference nothing produces never hits: every CI build starts cold while the file promises a warm cache.",
        examples: [
            .project(
                "compose.yaml",
                "services:\n  api:\n    image: shop/api:dev\n    build:\n      context: .\n      cache_from:\n↓       - shop/api:cache\n",
                files: ["Dockerfile": "FROM alpine:3.20\n"], triggers: true),
            .project(
                "compose.yaml",
                "services:\n  api:\n    image: shop/api:dev\n    build:\n      context: .\n      cache_from:\n        - shop/api:dev\n",
                files: ["Dockerfile": "FROM alpine:3.20\n"], triggers: false),
        ])

    /// The image reference in a cache entry: `name:tag` or `type=registry,ref=name:tag`.
    static func reference(_ entry: String) -> String? {
        guard entry.contains("=") else { return entry }
        let fields = Dictionary(
            entry.split(separator: ",").map { field -> (String, String) in
                let parts = field.split(separator: "=", maxSplits: 1).map(String.init)
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }, uniquingKeysWith: { a, _ in a })
        guard (fields["type"] ?? "registry") == "registry" else { return nil }
        return fields["ref"]
    }

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        project.composeProjects.flatMap { compose -> [ProjectViolation] in
            var produced = Set<String>()
            for service in compose.services {
                if let image = service.image { produced.insert(image) }
                produced.formUnion(service.build?.tags ?? [])
                produced.formUnion((service.build?.cacheTo ?? []).compactMap(Self.reference))
            }
            return compose.services.flatMap { service in
                (service.build?.cacheFrom ?? []).compactMap { entry -> ProjectViolation? in
                    guard let reference = Self.reference(entry.value), !produced.contains(reference) else { return nil }
                    return ProjectViolation(
                        file: entry.location.file, line: entry.location.line,
                        "service \(service.name) caches from \(reference), which no service builds, tags or exports cache to")
                }
            }
        }
    }
}
