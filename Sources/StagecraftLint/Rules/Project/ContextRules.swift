import DockerfileSyntax
import Foundation
import StagecraftCompose

/// COPY and ADD sources that come from the build context (not other stages, URLs, heredocs or
/// words with variables), quotes removed.
func contextSources(_ document: DockerfileDocument) -> [(node: Node, source: String)] {
    document.stages.flatMap { stage in
        stage.instructions.filter { ($0.command == "copy" || $0.command == "add") && $0.heredocs.isEmpty }.flatMap {
            node -> [(Node, String)] in
            guard !node.flags.contains(where: { $0.hasPrefix("--from=") }) else { return [] }
            return copySources(node).filter { !$0.contains("$") && !isRemoteSource($0) }.map { (node, $0) }
        }
    }
}

/// Literal sources (no wildcard) the unit's context lacks. A wildcard that matches nothing is not
/// one: BuildKit copies nothing for it and the build goes on (`COPY package.json yarn.lock* ./`).
func missingLiteralSources(_ unit: BuildUnit) -> [(node: Node, source: String)] {
    guard let document = unit.document, FileManager.default.fileExists(atPath: unit.context.root) else { return [] }
    return contextSources(document).filter { _, source in
        let cleaned = cleanPath(String(source.drop { $0 == "/" }))
        return cleaned != "." && !hasWildcard(cleaned) && unit.context.resolve(cleaned).isEmpty
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

struct CopySourceExists: ProjectRule {
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
            let name = (current as NSString).lastPathComponent
            current = (current as NSString).deletingLastPathComponent
            path = name + "/" + path
        }
        return false
    }
}
