import DockerfileSyntax
import Foundation
import StagecraftCompose

struct CopySourceMissing: ProjectRule {
    static let description = RuleDescription(
        id: "copy-source-missing",
        severity: .error, category: .project,
        summary: "COPY and ADD sources must exist in the build context.",
        rationale:
            "A missing literal source fails the build with \"not found\". A wildcard that matches nothing is not reported: BuildKit copies nothing for it, which is how `COPY package.json yarn.lock* ./` serves projects with and without the lock file. Checked only where a compose file names the build context; elsewhere build-context-unknown says the context is a guess.",
        examples: [
            .project(
                "Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\n↓COPY requirements.txt .\n",
                files: ["requirement.txt": "flask==3.0.3\n", "compose.yaml": "services:\n  app:\n    build: .\n"],
                triggers: true),
            .project(
                "Dockerfile",
                "FROM node:22-slim\nWORKDIR /app\nCOPY package.json yarn.lock* package-lock.json* ./\nCOPY *.js ./\n",
                files: ["package.json": "{}", "server.js": "", "compose.yaml": "services:\n  app:\n    build: .\n"],
                triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        project.units.filter(\.contextIsKnown).flatMap { unit in
            missingLiteralSources(unit).map { node, source in
                // A git-ignored path is an artifact a step before the build makes (`go build -o
                // ./app`, a copied .env): advice to check, not a certain failure.
                let relative = cleanPath(String(source.drop { $0 == "/" }))
                if GitIgnore.ignores(relative, in: unit.context.root, upTo: project.root) {
                    return ProjectViolation(
                        file: unit.dockerfile, line: node.startLine,
                        "\(source) is not in the build context \(unit.context.root); it is git-ignored, so a step before the build must make it",
                        severity: .info)
                }
                return ProjectViolation(
                    file: unit.dockerfile, line: node.startLine, "\(source) is not in the build context \(unit.context.root)")
            }
        }
    }
}

/// Enough of `.gitignore` to tell a generated artifact from a missing file: the ignore files of
/// the context folder and the folders above it up to the project root, each pattern matched as
/// `.dockerignore` matches it, and at any depth when it has no slash (git's rule).
enum GitIgnore {
    static func ignores(_ relative: String, in folder: String, upTo root: String) -> Bool {
        var current = folder
        var path = relative
        for _ in 0..<32 {
            if let text = TextFile.text(current + "/.gitignore", limit: 1 << 20) {
                for raw in text.split(whereSeparator: \.isNewline) {
                    var line = raw.trimmingCharacters(in: .whitespaces)
                    guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("!") else { continue }
                    if line.hasSuffix("/") { line.removeLast() }
                    let anchored = line.contains("/")
                    if line.hasPrefix("/") { line.removeFirst() }
                    if Dockerignore(line).excludes(path) || (!anchored && Dockerignore("**/" + line).excludes(path)) {
                        return true
                    }
                }
            }
            guard current != root, current.count > root.count else { break }
            let name = PathText.lastComponent(current)
            current = PathText.parent(current)
            path = name + "/" + path
        }
        return false
    }
}
