import DockerfileSyntax
import Foundation

/// COPY and ADD sources that come from the build context (not other stages, URLs or heredocs).
func contextSources(_ document: DockerfileDocument) -> [(node: Node, source: String)] {
    document.stages.flatMap { stage in
        stage.instructions.filter { ($0.command == "copy" || $0.command == "add") && $0.heredocs.isEmpty }.flatMap {
            node -> [(Node, String)] in
            guard !node.flags.contains(where: { $0.hasPrefix("--from=") }) else { return [] }
            return node.next.map(\.value).dropLast().filter { source in
                !source.contains("$") && !source.hasPrefix("http://") && !source.hasPrefix("https://")
                    && !source.hasPrefix("git@")
            }.map { (node, $0) }
        }
    }
}

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
            guard let document = unit.document, let ignore = unit.context.dockerignore else { return [] }
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

struct CopySourceExists: ProjectRule {
    static let description = RuleDescription(
        id: "copy-source-missing",
        severity: .error, category: .project,
        summary: "COPY and ADD sources must exist in the build context.",
        rationale: "A missing source fails the build; a wildcard that matches nothing copies nothing without a word.",
        examples: [
            .project(
                "Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\n↓COPY requirements.txt .\n",
                files: ["requirement.txt": "flask==3.0.3\n"], triggers: true),
            .project(
                "Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nCOPY *.py ./\n",
                files: ["requirements.txt": "flask==3.0.3\n", "app.py": ""], triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        project.units.flatMap { unit -> [ProjectViolation] in
            guard let document = unit.document, FileManager.default.fileExists(atPath: unit.context.root) else { return [] }
            return contextSources(document).compactMap { node, source in
                let cleaned = cleanPath(String(source.drop { $0 == "/" }))
                if cleaned == "." || !unit.context.resolve(cleaned).isEmpty { return nil }
                return ProjectViolation(
                    file: unit.dockerfile, line: node.startLine, "\(source) is not in the build context \(unit.context.root)")
            }
        }
    }
}
