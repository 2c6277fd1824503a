import StagecraftCompose

struct ScriptImageUnbuilt: ProjectRule {
    static let description = RuleDescription(
        id: "script-image-unbuilt",
        severity: .warning, category: .project,
        summary: "An image a script pushes, runs or scans must be one the project builds under that tag.",
        rationale:
            "When a build is renamed (`shop/api:dev` becomes `shop/api:development`) the script that scans or pushes the old tag goes on using a stale image, or fails in CI. Only images of a repository the project builds are checked, so pulled images (postgres, redis) are left alone; tags with variables are not checked.",
        examples: [
            .project(
                "scripts/ci.sh", "#!/bin/sh\nset -e\ndocker build -t shop/api:test .\n↓trivy image shop/api:latest\n",
                files: ["Dockerfile": "FROM alpine:3.20\nUSER 1000\n"], triggers: true),
            .project(
                "scripts/ci.sh",
                "#!/bin/sh\nset -e\ndocker build -t shop/api:test .\ntrivy image shop/api:test\ndocker run --rm postgres:16 true\n",
                files: ["Dockerfile": "FROM alpine:3.20\nUSER 1000\n"], triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        var built = Set(project.buildDeclarations.flatMap(\.tags).map(Self.normalized))
        for compose in project.composeProjects {
            for service in compose.services where service.build != nil {
                if let image = service.image { built.insert(Self.normalized(image)) }
                built.formUnion((service.build?.tags ?? []).map(Self.normalized))
                // Compose names an unnamed build's image after the project and service.
                if service.image == nil { built.insert(Self.normalized("\(compose.name)-\(service.name)")) }
            }
        }
        built = built.filter { !$0.contains("$") }
        guard !built.isEmpty else { return [] }
        let repositories = Set(built.map(Self.repository))
        var violations: [ProjectViolation] = []
        for file in project.scriptFiles {
            var retagged: Set<String> = []
            for use in BuildCommands.imageUses(in: file) {
                let image = Self.normalized(use.image)
                if use.command.hasSuffix(" tag") {
                    // `docker tag SOURCE TARGET`: the source must be built; the target then is.
                    retagged.insert(image)
                }
                guard !image.contains("$"), !built.contains(image), !retagged.contains(image) || use.command.hasSuffix(" tag"),
                    repositories.contains(Self.repository(image))
                else { continue }
                let others = built.filter { Self.repository($0) == Self.repository(image) }.sorted()
                violations.append(
                    ProjectViolation(
                        file: use.location.file, line: use.location.line,
                        "\(use.command) uses \(use.image), which nothing here builds; the builds tag \(others.joined(separator: ", "))"
                    ))
            }
        }
        return violations
    }

    /// `name` with `:latest` when it has no tag or digest.
    static func normalized(_ image: String) -> String {
        let last = image.split(separator: "/").last ?? ""
        return last.contains(":") || image.contains("@") ? image : image + ":latest"
    }

    static func repository(_ image: String) -> String {
        if let at = image.firstIndex(of: "@") { return String(image[..<at]) }
        guard let colon = image.lastIndex(of: ":"), !image[colon...].contains("/") else { return image }
        return String(image[..<colon])
    }
}
