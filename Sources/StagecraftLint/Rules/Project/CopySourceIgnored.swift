import DockerfileSyntax
import StagecraftCompose

struct CopySourceIgnored: ProjectRule {
    static let description = RuleDescription(
        id: "copy-source-ignored",
        aliases: [.buildkit("CopyIgnoredFile")],
        severity: .error, category: .project,
        summary: "Do not COPY a file that .dockerignore leaves out of the build context.",
        rationale:
            "The build fails with \"not found\" (or, with a wildcard, silently copies nothing), and the cause sits in another file.",
        examples: [
            .project(
                "Dockerfile", "FROM node:22-slim\nWORKDIR /app\n↓COPY package.json package-lock.json ./\n",
                files: [".dockerignore": "*.lock\npackage-lock.json\n", "package.json": "{}", "package-lock.json": "{}"],
                triggers: true),
            .project(
                "Dockerfile", "FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\n",
                files: [".dockerignore": "node_modules\n", "package.json": "{}", "package-lock.json": "{}"], triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        project.units.flatMap { unit -> [ProjectViolation] in
            // A guessed context is trusted only when every literal source is in it.
            guard let document = unit.document, let ignore = unit.context.dockerignore,
                unit.contextIsKnown || missingLiteralSources(unit).isEmpty
            else { return [] }
            return contextSources(document).compactMap { node, source in
                let cleaned = cleanPath(String(source.drop { $0 == "/" }))
                if cleaned == "." { return nil }
                let wildcard = cleaned.contains { "*?[".contains($0) }
                let line: Int?
                if wildcard {
                    let matches = unit.context.resolve(cleaned)
                    line =
                        !matches.isEmpty && matches.allSatisfy(ignore.excludes) ? matches.first.flatMap(ignore.matchingLine) : nil
                } else {
                    line = ignore.matchingLine(cleaned)
                }
                guard let line else { return nil }
                return ProjectViolation(
                    file: unit.dockerfile, line: node.startLine,
                    "\(source) is excluded from the build context by \(unit.context.dockerignorePath ?? ".dockerignore"):\(line)")
            }
        }
    }
}
