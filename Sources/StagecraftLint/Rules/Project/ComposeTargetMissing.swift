import DockerfileSyntax
import StagecraftCompose

private let composeExample = """
    services:
      api:
        build:
          context: .
    ↓      target: development
        healthcheck:
          test: ["CMD", "true"]

    """

struct ComposeTargetMissing: ProjectRule {
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
