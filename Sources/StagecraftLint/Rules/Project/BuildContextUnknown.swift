import DockerfileSyntax
import StagecraftCompose

struct BuildContextUnknown: ProjectRule {
    static let description = RuleDescription(
        id: "build-context-unknown",
        severity: .info, category: .project,
        summary: "Say which context builds a Dockerfile whose sources are not beside it.",
        rationale:
            "No compose file names this Dockerfile's build context, and the files it copies are not in its own folder, so it is built from somewhere else (a parent folder, from a bake file, a Makefile or a CI workflow). Source checks are skipped for it rather than guessed; build it from compose to have them.",
        examples: [
            .project(
                "docker/api.Dockerfile", "FROM node:22-slim\nWORKDIR /app\n↓COPY package.json ./\nCOPY src ./src\n",
                files: ["package.json": "{}", "src/index.js": ""], triggers: true),
            .project(
                "Dockerfile", "FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\n", files: ["package.json": "{}"],
                triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        project.units.filter { !$0.contextIsKnown }.compactMap { unit in
            let missing = missingLiteralSources(unit)
            guard let first = missing.first else { return nil }
            let count = missing.count == 1 ? "1 file it copies is" : "\(missing.count) files it copies are"
            return ProjectViolation(
                file: unit.dockerfile, line: first.node.startLine,
                "no compose file names this Dockerfile's build context and \(count) not in its folder "
                    + "\(unit.context.root) (first: \(first.source)): it is built from another folder, or a step before the build makes them; source checks are skipped"
            )
        }
    }
}
