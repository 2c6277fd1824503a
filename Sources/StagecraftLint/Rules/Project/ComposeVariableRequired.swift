import StagecraftCompose

struct ComposeVariableRequired: ProjectRule {
    static let description = RuleDescription(
        id: "compose-variable-required",
        severity: .info, category: .project,
        summary: "Set the variables a compose file requires with ${NAME:?message}.",
        rationale:
            "`${NAME:?message}` makes `docker compose` stop until NAME is set: right for secrets and hosts the deployer must choose, a surprise for a newcomer running `compose up`. The lint reads the value as empty and goes on; this note lists what must be set (in the environment or .env).",
        examples: [
            .project(
                "compose.yaml", "services:\n  api:\n    image: api\n    environment:\n↓      DOMAIN: ${DOMAIN:?set DOMAIN}\n",
                files: [:], triggers: true),
            .project(
                "compose.yaml", "services:\n  api:\n    image: api\n    environment:\n      DOMAIN: ${DOMAIN:-localhost}\n",
                files: [:], triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        project.composeProjects.flatMap { compose in
            compose.warnings.filter { $0.kind == .missingVariable }.map {
                ProjectViolation(file: $0.location.file, line: $0.location.line, $0.message)
            }
        }
    }
}
