import DockerfileSyntax
import StagecraftCompose

struct ComposeHealthcheckNeverFails: ProjectRule {
    static let description = RuleDescription(
        id: "compose-healthcheck-never-fails",
        severity: .warning, category: .project,
        summary: "A compose health check must be able to fail.",
        rationale:
            "A test that ends in `|| true` or `exit 0` keeps the service healthy whatever it does, and every `condition: service_healthy` waiting on it starts against a dead service.",
        examples: [
            .project(
                "compose.yaml",
                "services:\n  api:\n    image: api\n    healthcheck:\n↓      test: [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 0\"]\n",
                files: [:], triggers: true),
            .project(
                "compose.yaml",
                "services:\n  api:\n    image: api\n    healthcheck:\n      test: [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"]\n",
                files: [:], triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        project.composeProjects.flatMap { compose in
            compose.services.compactMap { service -> ProjectViolation? in
                guard let check = service.healthcheck, !check.disabled, let first = check.test.first else { return nil }
                let command: String
                switch first {
                case "CMD-SHELL": command = check.test.dropFirst().joined(separator: " ")
                case "CMD": command = check.test.dropFirst().map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
                default: command = check.test.joined(separator: " ")
                }
                guard let reason = healthcheckNeverFails(command) else { return nil }
                return ProjectViolation(
                    file: check.location.file, line: check.testLine ?? check.location.line,
                    "service \(service.name)'s health check cannot fail: \(reason)")
            }
        }
    }
}
