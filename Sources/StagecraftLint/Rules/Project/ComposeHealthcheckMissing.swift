import DockerfileSyntax
import StagecraftCompose

struct ComposeHealthcheckMissing: ProjectRule {
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
