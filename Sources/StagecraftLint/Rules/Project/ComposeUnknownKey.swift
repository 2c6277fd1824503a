import StagecraftCompose

struct ComposeUnknownKey: ProjectRule {
    static let description = RuleDescription(
        id: "compose-unknown-key",
        severity: .warning, category: .project,
        summary: "A compose key the compose specification does not define is likely a typo.",
        rationale:
            "Depending on its version, compose ignores an unknown key or refuses the whole file, so a misspelt `healtcheck:` either silently does nothing or breaks every command. Keys starting with `x-` are extensions and are always fine.",
        examples: [
            .project(
                "compose.yaml", "services:\n  api:\n    image: api\n↓    restart_policy: always\n", files: [:],
                triggers: true),
            .project(
                "compose.yaml", "services:\n  api:\n    image: api\n    restart: always\n    x-team: web\n", files: [:],
                triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        project.composeProjects.flatMap { compose in
            compose.warnings.filter { $0.kind == .unknownKey }.map {
                ProjectViolation(file: $0.location.file, line: $0.location.line, $0.message)
            }
        }
    }
}
