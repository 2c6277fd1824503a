import DockerfileSyntax
import Foundation
import StagecraftCompose

struct ComposeProfileDependency: ProjectRule {
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
