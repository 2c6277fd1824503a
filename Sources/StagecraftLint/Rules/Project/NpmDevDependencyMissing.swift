import DockerfileSyntax
import Foundation
import StagecraftCompose

/// A `package.json` as npm-dev-dependency-missing reads it.
struct PackageManifest {
    var scripts: [String: String]
    var dependencies: Set<String>
    var devDependencies: Set<String>
    /// Whether it is a workspace root, whose packages' own dependencies also get installed.
    var hasWorkspaces: Bool

    init?(path: String) {
        guard let bytes = TextFile.bytes(path, limit: 8 << 20),
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        else { return nil }
        scripts = (object["scripts"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
        dependencies = Set((object["dependencies"] as? [String: Any] ?? [:]).keys)
        devDependencies = Set((object["devDependencies"] as? [String: Any] ?? [:]).keys)
        hasWorkspaces = object["workspaces"] != nil
    }

    /// Commands whose package has another name.
    static let packageOfCommand = [
        "tsc": "typescript", "nest": "@nestjs/cli", "ng": "@angular/cli", "vue-cli-service": "@vue/cli-service",
        "react-scripts": "react-scripts", "tsx": "tsx", "babel": "@babel/cli", "prisma": "prisma",
    ]

    /// The devDependency (not also a dependency) that provides `command`, if any.
    func devOnlyPackage(for command: String) -> String? {
        let package = Self.packageOfCommand[command] ?? command
        return devDependencies.contains(package) && !dependencies.contains(package) ? package : nil
    }

    /// The programs a shell command runs directly or through package scripts, with the script
    /// named (`npm run build` -> `next` via "build"). Follows scripts calling scripts a few deep.
    func programs(of words: [String], depth: Int = 0) -> [(program: String, via: String?)] {
        guard depth < 4, let first = words.first else { return [] }
        let tool = PathText.lastComponent(first)
        var script: String?
        switch tool {
        case "npm", "pnpm", "bun":
            let rest = words.dropFirst().filter { !$0.hasPrefix("-") }
            if rest.first == "run" || rest.first == "run-script" {
                script = rest.dropFirst().first
            } else if ["start", "test"].contains(rest.first ?? "") {
                script = rest.first
            } else if tool != "npm", let name = rest.first, scripts[name] != nil {
                script = name
            }
        case "yarn":
            let rest = words.dropFirst().filter { !$0.hasPrefix("-") }
            script = rest.first == "run" ? rest.dropFirst().first : rest.first
        case "npx", "pnpx":
            return words.dropFirst().first { !$0.hasPrefix("-") }.map { [($0, nil)] } ?? []
        default:
            return [(tool, nil)]
        }
        guard let script, let text = scripts[script] else { return [] }
        return ShellScript(text).commands.flatMap { command in
            programs(of: [command.name] + command.arguments, depth: depth + 1).map { ($0.program, $0.via ?? script) }
        }
    }
}

struct NpmDevDependencyMissing: ProjectRule {
    static let description = RuleDescription(
        id: "npm-dev-dependency-missing",
        severity: .error, category: .project,
        summary: "Do not run a devDependency in a stage that installed production dependencies only.",
        rationale:
            "`npm ci --omit=dev` (or `--only=production`, `--production`, NODE_ENV=production) leaves out devDependencies. A later `npm run build` that runs `next build` or `tsc`, or a development target whose `npm run dev` starts `nodemon`, then fails with \"not found\": at build time, or only when the container starts. The stage's package.json (in the build context) says which commands are devDependencies.",
        examples: [
            .project(
                "Dockerfile",
                "FROM node:22-slim AS deps\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nFROM deps AS build\nCOPY . .\n↓RUN npm run build\n",
                files: [
                    "package.json":
                        #"{"scripts": {"build": "next build"}, "dependencies": {"react": "19.0.0"}, "devDependencies": {"next": "15.1.0"}}"#,
                    "package-lock.json": "{}",
                ], triggers: true),
            .project(
                "Dockerfile",
                "FROM node:22-slim AS deps\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nFROM deps AS build\nCOPY . .\nRUN npm run build\nFROM node:22-slim\nCOPY --from=build /app/.next ./.next\nRUN npm ci --omit=dev\nCMD [\"npm\", \"start\"]\n",
                files: [
                    "package.json":
                        #"{"scripts": {"build": "next build", "start": "node server.js"}, "devDependencies": {"next": "15.1.0"}}"#,
                    "package-lock.json": "{}",
                ], triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        project.units.flatMap { unit -> [ProjectViolation] in
            // In a workspace, a root devDependency may be a dependency of a workspace package
            // (and so installed even with --omit=dev): the root manifest cannot tell.
            guard let document = unit.document, let manifest = Self.manifest(unit, document), !manifest.hasWorkspaces
            else { return [] }
            var violations: [ProjectViolation] = []
            // For each stage: the production-only install in force (its own or an ancestor's).
            var productionOnly: [Int: Node] = [:]
            for stage in document.stages {
                var current = stage.parent.flatMap { productionOnly[$0] }
                var nodeEnvProduction = false
                for node in stage.instructions {
                    if node.command == "env",
                        node.next.map(\.value).contains(where: { $0 == "NODE_ENV=production" || $0 == "NODE_ENV" })
                    {
                        nodeEnvProduction = node.next.map(\.value).joined(separator: " ").contains("production")
                    }
                    let words: [[String]]
                    switch node.command {
                    case "run": words = ShellScript(Self.text(node)).commands.map { [$0.name] + $0.arguments + $0.assignments }
                    case "cmd", "entrypoint":
                        words = [
                            node.isJSON
                                ? node.next.map(\.value)
                                : ShellScript(Self.text(node)).commands.first.map { [$0.name] + $0.arguments } ?? []
                        ]
                    default: continue
                    }
                    for command in words where !command.isEmpty {
                        switch Self.install(command, nodeEnvProduction: nodeEnvProduction) {
                        case .productionOnly: current = node
                        case .everything: current = nil
                        case nil:
                            guard let install = current else { continue }
                            for (program, via) in manifest.programs(of: command) {
                                guard let package = manifest.devOnlyPackage(for: program) else { continue }
                                violations.append(
                                    ProjectViolation(
                                        file: unit.dockerfile, line: node.startLine,
                                        "\(via.map { "script \($0) runs " } ?? "")\(program), from devDependency \(package), but line \(install.startLine) installed production dependencies only; install everything in this stage (npm ci) and prune later"
                                    ))
                                break
                            }
                        }
                    }
                }
                productionOnly[stage.index] = current
            }
            return violations
        }
    }

    enum Install { case productionOnly, everything }

    static func install(_ words: [String], nodeEnvProduction: Bool) -> Install? {
        guard let tool = words.first else { return nil }
        let rest = Array(words.dropFirst())
        let assignsProduction = rest.contains("NODE_ENV=production")
        switch tool {
        case "npm":
            guard let sub = rest.first(where: { !$0.hasPrefix("-") }), ["ci", "install", "i"].contains(sub) else { return nil }
            // `npm install pkg` adds a package; only a bare install installs the manifest.
            if sub != "ci" && rest.filter({ !$0.hasPrefix("-") && !$0.contains("=") }).count > 1 { return nil }
            let production = rest.contains { ["--omit=dev", "--only=production", "--only=prod", "--production"].contains($0) }
            return production || nodeEnvProduction || assignsProduction ? .productionOnly : .everything
        case "yarn":
            let sub = rest.first { !$0.hasPrefix("-") }
            guard sub == nil || sub == "install" else { return nil }
            return rest.contains("--production") || rest.contains("--prod") || nodeEnvProduction ? .productionOnly : .everything
        case "pnpm":
            guard let sub = rest.first(where: { !$0.hasPrefix("-") }), sub == "install" || sub == "i" else { return nil }
            return rest.contains("--prod") || rest.contains("-P") || nodeEnvProduction ? .productionOnly : .everything
        default:
            return nil
        }
    }

    /// The package.json the Dockerfile copies: a COPY source ending in package.json, in the context.
    static func manifest(_ unit: BuildUnit, _ document: DockerfileDocument) -> PackageManifest? {
        guard unit.contextIsKnown || missingLiteralSources(unit).isEmpty else { return nil }
        let copied = contextSources(document).map(\.source).first { PathText.lastComponent($0) == "package.json" }
        let path = unit.context.root + "/" + (copied.map { cleanPath(String($0.drop { $0 == "/" })) } ?? "package.json")
        return PackageManifest(path: path)
    }

    static func text(_ node: Node) -> String {
        if node.isJSON { return node.next.map(\.value).joined(separator: " ") }
        return node.next.first?.value ?? ""
    }
}
