import Foundation
import StagecraftCompose

struct BuildCommandBroken: ProjectRule {
    static let description = RuleDescription(
        id: "build-command-broken",
        severity: .error, category: .project,
        summary: "A docker build command or bake target must name a Dockerfile that exists and a stage it has.",
        rationale:
            "Scripts, Makefiles, CI workflows and bake files build images with `-f`, `--target` and a context of their own. When a Dockerfile moves or a stage is renamed, they fail only when run, often in a release job. Commands whose paths hold variables are not checked.",
        examples: [
            .project(
                "scripts/build.sh", "#!/bin/sh\nset -e\n↓docker build -f docker/api.Dockerfile --target prod -t shop/api .\n",
                files: ["docker/api.Dockerfile": "FROM node:22-slim AS runtime\nCMD [\"node\", \"server.js\"]\n"],
                triggers: true),
            .project(
                "scripts/build.sh", "#!/bin/sh\nset -e\ndocker build -f docker/api.Dockerfile --target runtime -t shop/api .\n",
                files: ["docker/api.Dockerfile": "FROM node:22-slim AS runtime\nCMD [\"node\", \"server.js\"]\n"],
                triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        project.buildDeclarations.compactMap { declaration in
            let dockerfile = cleanPath(declaration.dockerfilePath)
            let location = declaration.location
            guard FileManager.default.fileExists(atPath: dockerfile) else {
                return ProjectViolation(
                    file: location.file, line: location.line,
                    "\(declaration.origin) builds \(declaration.dockerfile ?? "Dockerfile"), which does not exist (looked for \(dockerfile))"
                )
            }
            guard let target = declaration.target, !target.contains("$"),
                let note = project.unit(for: dockerfile)?.document?.missingStageNote(target)
            else { return nil }
            return ProjectViolation(
                file: location.file, line: location.line,
                "\(declaration.origin) builds target \(target), but \(dockerfile) has no such stage" + note)
        }
    }
}
