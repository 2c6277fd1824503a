import DockerfileSyntax
import Foundation
import StagecraftCompose

struct ComposeBuildPathMissing: ProjectRule {
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
