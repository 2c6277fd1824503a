import DockerfileSyntax
import Foundation
import StagecraftCompose

/// The Dockerfile and context a compose build points at, as paths.
func buildPaths(_ project: ComposeProject, _ build: ComposeBuild) -> (context: String, dockerfile: String) {
    let context = cleanPath(build.context.hasPrefix("/") ? build.context : project.directory + "/" + build.context)
    let dockerfile = cleanPath(build.dockerfile.hasPrefix("/") ? build.dockerfile : context + "/" + build.dockerfile)
    return (context, dockerfile)
}

private let composeExample = """
    services:
      api:
        build:
          context: .
    ↓      target: development
        healthcheck:
          test: ["CMD", "true"]

    """

struct ComposeTargetExists: ProjectRule {
    static let description = RuleDescription(
        id: "compose-target-missing",
        severity: .error, category: .project,
        summary: "A compose build.target must name a stage of its Dockerfile.",
        rationale:
            "`docker compose build` fails with \"target stage could not be found\" only when that service is built, often in CI long after the Dockerfile changed.",
        examples: [
            .project(
                "compose.yaml", composeExample, files: ["Dockerfile": "FROM alpine:3.20 AS runtime\nHEALTHCHECK NONE\n"],
                triggers: true),
            .project(
                "compose.yaml", composeExample.replacingOccurrences(of: "↓", with: ""),
                files: ["Dockerfile": "FROM alpine:3.20 AS development\nHEALTHCHECK NONE\n"], triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        project.composeProjects.flatMap { compose in
            compose.services.compactMap { service -> ProjectViolation? in
                guard let build = service.build, let target = build.target, let location = build.targetLocation else {
                    return nil
                }
                let (_, dockerfile) = buildPaths(compose, build)
                guard let note = project.unit(for: dockerfile)?.document?.missingStageNote(target) else { return nil }
                return ProjectViolation(
                    file: location.file, line: location.line,
                    "service \(service.name) builds target \(target), but \(dockerfile) has no such stage" + note)
            }
        }
    }
}

struct ComposeBuildPathsExist: ProjectRule {
    static let description = RuleDescription(
        id: "compose-build-path-missing",
        severity: .error, category: .project,
        summary: "A compose build's context folder and Dockerfile must exist.",
        rationale:
            "A wrong context or dockerfile path fails the build, and a context pointing at the wrong folder sends the wrong files.",
        examples: [
            .project(
                "compose.yaml", "services:\n  api:\n    build:\n      context: .\n↓      dockerfile: Dockerfile.prod\n",
                files: ["Dockerfile": "FROM alpine:3.20\n"], triggers: true),
            .project(
                "compose.yaml", "services:\n  api:\n    build:\n      context: .\n      dockerfile: Dockerfile\n",
                files: ["Dockerfile": "FROM alpine:3.20\n"], triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        project.composeProjects.flatMap { compose in
            compose.services.compactMap { service -> ProjectViolation? in
                guard let build = service.build else { return nil }
                let (context, dockerfile) = buildPaths(compose, build)
                var isDirectory: ObjCBool = false
                if !FileManager.default.fileExists(atPath: context, isDirectory: &isDirectory) || !isDirectory.boolValue {
                    return ProjectViolation(
                        file: build.contextLocation.file, line: build.contextLocation.line,
                        "service \(service.name): build context \(context) is not a folder")
                }
                guard !FileManager.default.fileExists(atPath: dockerfile) else { return nil }
                let location = build.dockerfileLocation ?? build.contextLocation
                return ProjectViolation(
                    file: location.file, line: location.line, "service \(service.name): \(dockerfile) does not exist")
            }
        }
    }
}

struct ComposeCacheFromBuilt: ProjectRule {
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

struct ComposeHealthcheck: ProjectRule {
    static let description = RuleDescription(
        id: "compose-healthcheck-missing",
        severity: .info, category: .project,
        summary: "Every service needs a health check, in compose or in the image it builds.",
        rationale:
            "Without one, a crashed-but-running service looks fine. Where another service waits for it with `depends_on: condition: service_healthy`, `docker compose up` fails outright, so that case is an error; elsewhere it is advice. A pulled image (postgres, redis) may carry its own HEALTHCHECK, which a lint cannot see: those services are reported only when something waits for them.",
        examples: [
            .project(
                "compose.yaml", "services:\n↓ api:\n    build: .\n", files: ["Dockerfile": "FROM alpine:3.20\n"], triggers: true),
            .project(
                "compose.yaml", "services:\n  api:\n    build: .\n",
                files: [
                    "Dockerfile":
                        "FROM alpine:3.20\nHEALTHCHECK CMD [\"wget\", \"-q\", \"-O-\", \"http://localhost:8080/health\"]\n"
                ], triggers: false),
            .project(
                "compose.yaml",
                "services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n", files: [:],
                triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        project.composeProjects.flatMap { compose in
            let awaited = Set(
                compose.services.flatMap(\.dependsOn).filter { $0.condition == "service_healthy" }.map(\.service))
            let oneShot = Set(
                compose.services.flatMap(\.dependsOn).filter { $0.condition == "service_completed_successfully" }.map(
                    \.service))
            return compose.services.compactMap { service -> ProjectViolation? in
                if let check = service.healthcheck, !check.disabled, !check.test.isEmpty { return nil }
                let isAwaited = awaited.contains(service.name)
                // A one-shot job (a migration others wait to finish) has no health to check.
                if oneShot.contains(service.name) && !isAwaited { return nil }
                if service.healthcheck?.disabled == true && !isAwaited { return nil }  // switched off on purpose
                if service.build == nil && !isAwaited { return nil }
                if let build = service.build {
                    let (_, dockerfile) = buildPaths(compose, build)
                    guard let document = project.unit(for: dockerfile)?.document, !document.stages.isEmpty else { return nil }
                    let target =
                        build.target.flatMap { name in document.stages.first { $0.name == name.lowercased() } }
                        ?? document.stages[document.stages.count - 1]
                    if imageHasHealthcheck(target, document) { return nil }
                }
                return ProjectViolation(
                    file: service.location.file, line: service.location.line,
                    "service \(service.name) has no health check in compose"
                        + (service.build == nil ? "" : " or in the image it builds")
                        + (isAwaited
                            ? ", but a service waits for it with condition: service_healthy; compose up fails"
                                + (service.build == nil ? " unless the image has a HEALTHCHECK" : "") : ""),
                    severity: isAwaited ? (service.build == nil ? .warning : .error) : nil)
            }
        }
    }

    private func imageHasHealthcheck(_ stage: LintStage, _ document: DockerfileDocument) -> Bool {
        var current: LintStage? = stage
        while let stage = current {
            if let check = stage.instructions("healthcheck").last {
                return check.next.first?.value.uppercased() != "NONE"
            }
            current = stage.parent.map { document.stages[$0] }
        }
        return false
    }
}

struct ComposeDependencies: ProjectRule {
    /// COMPOSE_PROFILES from the environment or the `.env` beside the compose file, interpolated.
    static func activeProfiles(_ compose: ComposeProject, _ project: ProjectContext) -> Set<String> {
        var variables = project.variables
        if let text = TextFile.text(compose.directory + "/.env") {
            for (key, value) in parseDotEnv(text) where variables[key] == nil { variables[key] = value }
        }
        guard let raw = variables["COMPOSE_PROFILES"] else { return [] }
        let value = (try? Interpolator(variables: variables).interpolate(raw)) ?? raw
        return Set(value.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
    }

    static let description = RuleDescription(
        id: "compose-profile-dependency",
        severity: .error, category: .project,
        summary: "depends_on must name services that run whenever the dependent does, and profiles in use must exist.",
        rationale:
            "A dependency on an unknown service, or on a service that only runs under a profile the dependent lacks, fails `docker compose up`; a profile in COMPOSE_PROFILES that no service declares starts nothing.",
        examples: [
            .project(
                "compose.yaml",
                "services:\n  api:\n    image: api:1\n    depends_on:\n↓     - worker\n  worker:\n    image: worker:1\n    profiles: [jobs]\n",
                files: [:], triggers: true),
            .project(
                "compose.yaml",
                "services:\n  api:\n    image: api:1\n    depends_on:\n      - worker\n  worker:\n    image: worker:1\n",
                files: [:], triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        var violations: [ProjectViolation] = []
        var declared = Set<String>()
        for compose in project.composeProjects {
            for service in compose.services { declared.formUnion(service.profiles) }
            // Profiles the project's .env turns on by default run whatever the dependent's are.
            let active = Self.activeProfiles(compose, project)
            for service in compose.services {
                for dependency in service.dependsOn where dependency.required {
                    guard let target = compose.service(dependency.service) else {
                        violations.append(
                            ProjectViolation(
                                file: dependency.location.file, line: dependency.location.line,
                                "service \(service.name) depends on \(dependency.service), which is not defined"))
                        continue
                    }
                    let missing = Set(target.profiles).subtracting(service.profiles)
                    if !target.profiles.isEmpty && active.isDisjoint(with: target.profiles) && !active.contains("*")
                        && (service.profiles.isEmpty || missing.count == target.profiles.count)
                    {
                        violations.append(
                            ProjectViolation(
                                file: dependency.location.file, line: dependency.location.line,
                                "service \(service.name) depends on \(dependency.service), which only runs with profile \(target.profiles.joined(separator: " or "))"
                            ))
                    }
                }
            }
        }
        if let compose = project.composeProjects.first {
            for profile in Self.activeProfiles(compose, project).sorted()
            where !profile.isEmpty && profile != "*" && !declared.contains(profile) {
                let file = project.composeProjects[0].files[0]
                violations.append(
                    ProjectViolation(file: file, line: 1, "COMPOSE_PROFILES names \(profile), which no service declares"))
            }
        }
        return violations
    }
}
