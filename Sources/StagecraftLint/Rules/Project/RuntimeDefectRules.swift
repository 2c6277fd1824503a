import DockerfileSyntax
import Foundation
import StagecraftCompose

/// A `package.json` as the run-time defect rules read it.
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
        let tool = (first as NSString).lastPathComponent
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
        let copied = contextSources(document).map(\.source).first { ($0 as NSString).lastPathComponent == "package.json" }
        let path = unit.context.root + "/" + (copied.map { cleanPath(String($0.drop { $0 == "/" })) } ?? "package.json")
        return PackageManifest(path: path)
    }

    static func text(_ node: Node) -> String {
        if node.isJSON { return node.next.map(\.value).joined(separator: " ") }
        return node.next.first?.value ?? ""
    }
}

/// What makes a health check unable to report a failure, or nil.
func healthcheckNeverFails(_ command: String) -> String? {
    let text = command.trimmingCharacters(in: .whitespaces)
    let script = ShellScript(text)
    guard let last = script.commands.last else { return nil }
    let words = [last.name] + last.arguments
    if ["true", ":"].contains(last.name) || words == ["exit", "0"] {
        return script.commands.count == 1
            ? "it only runs \(words.joined(separator: " "))" : "it ends with || \(words.joined(separator: " "))"
    }
    if script.commands.count == 1 && last.name == "echo" { return "it only prints" }
    if last.name.hasPrefix("python"), let code = last.arguments.last,
        code.replacingOccurrences(of: " ", with: "").contains("exit(0)") && !code.contains("if") && !code.contains("try")
    {
        return "its Python code always exits 0"
    }
    return nil
}

struct HealthcheckNeverFails: Rule {
    static let description = RuleDescription(
        id: "healthcheck-never-fails",
        severity: .warning, category: .correctness,
        summary: "A HEALTHCHECK must be able to fail.",
        rationale:
            "`HEALTHCHECK CMD curl -f http://localhost/ || true`, `exit 0` or `python -c \"import sys; sys.exit(0)\"` report healthy whatever the service does, so `depends_on: condition: service_healthy` and orchestrators route traffic to a dead container.",
        examples: [
            .triggering("FROM python:3.12-slim\n↓HEALTHCHECK CMD curl -f http://localhost:8000/health || true\n"),
            .triggering("FROM python:3.12-slim\n↓HEALTHCHECK CMD [\"python\", \"-c\", \"import sys; sys.exit(0)\"]\n"),
            .passing("FROM python:3.12-slim\nHEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { $0.instructions("healthcheck") }.compactMap { node in
            guard node.next.count > 1, node.next[0].value.uppercased() == "CMD" else { return nil }
            let words = node.next.dropFirst().map(\.value)
            let command: String
            if node.isJSON {
                // Exec form: a shell only if the words start one.
                if words.count >= 3, ["sh", "/bin/sh", "bash", "/bin/bash"].contains(words[0]), words[1] == "-c" {
                    command = words[2...].joined(separator: " ")
                } else {
                    command = words.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
                }
            } else {
                command = words.joined(separator: " ")
            }
            return healthcheckNeverFails(command).map { Violation(node, "this health check cannot fail: \($0)") }
        }
    }
}

struct ComposeHealthcheckNeverFails: ProjectRule {
    static let description = RuleDescription(
        id: "compose-healthcheck-never-fails",
        severity: .warning, category: .project,
        summary: "A compose health check must be able to fail.",
        rationale:
            "A test that ends in `|| true` or `exit 0` keeps the service healthy whatever it does, and every `condition: service_healthy` waiting on it starts against a dead service.",
        examples: [
            .project(
                "compose.yaml",
                "services:\n  api:\n    image: api\n    healthcheck:\n↓      test: [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 0\"]\n",
                files: [:], triggers: true),
            .project(
                "compose.yaml",
                "services:\n  api:\n    image: api\n    healthcheck:\n      test: [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"]\n",
                files: [:], triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        project.composeProjects.flatMap { compose in
            compose.services.compactMap { service -> ProjectViolation? in
                guard let check = service.healthcheck, !check.disabled, let first = check.test.first else { return nil }
                let command: String
                switch first {
                case "CMD-SHELL": command = check.test.dropFirst().joined(separator: " ")
                case "CMD": command = check.test.dropFirst().map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
                default: command = check.test.joined(separator: " ")
                }
                guard let reason = healthcheckNeverFails(command) else { return nil }
                return ProjectViolation(
                    file: check.location.file, line: check.testLine ?? check.location.line,
                    "service \(service.name)'s health check cannot fail: \(reason)")
            }
        }
    }
}

struct GitCloneUnpinned: Rule {
    static let description = RuleDescription(
        id: "git-clone-unpinned",
        severity: .warning, category: .packages,
        summary: "Pin a `git clone` to a tag or commit.",
        rationale:
            "Cloning a default branch builds whatever was pushed last: the same Dockerfile gives a different image tomorrow, and a compromised branch goes straight in. Clone a tag (`--branch v1.2.3 --depth 1`) or check out a commit.",
        examples: [
            .triggering("FROM python:3.12-slim\n↓RUN git clone https://github.com/comfyanonymous/ComfyUI.git /app\n"),
            .passing(
                "FROM python:3.12-slim\nRUN git clone --depth 1 --branch v0.3.10 https://github.com/comfyanonymous/ComfyUI.git /app\nRUN git clone https://github.com/org/tool.git /tool && git -C /tool checkout 3f2c1a9\nARG ZULIP_GIT_REF=12.1\nRUN git clone https://github.com/zulip/zulip.git /zulip\nRUN cd /zulip && git checkout \"$ZULIP_GIT_REF\"\n"
            ),
        ])

    static let movingBranches: Set<String> = ["main", "master", "develop", "dev", "trunk", "HEAD", "latest", "nightly"]

    func check(_ context: RuleContext) -> [Violation] {
        let runs = context.runs()
        // The line of the last RUN in each stage that checks out, resets or switches.
        var lastPin: [Int: Int] = [:]
        for run in runs
        where run.script.commands(named: "git").contains(where: {
            !Set($0.arguments).isDisjoint(with: ["checkout", "reset", "switch"])
        }) {
            lastPin[run.stage.index] = max(lastPin[run.stage.index] ?? 0, run.node.startLine)
        }
        return runs.compactMap { run in
            let gits = run.script.commands(named: "git")
            guard let clone = gits.first(where: { $0.positional.first == "clone" }) else { return nil }
            // A checkout in this RUN or a later one of the same stage pins it.
            if let pin = lastPin[run.stage.index], pin >= run.node.startLine { return nil }
            if clone.arguments.contains(where: { $0.hasPrefix("--revision") }) { return nil }
            let arguments = clone.arguments
            for (index, argument) in arguments.enumerated() {
                var branch: String?
                if argument == "-b" || argument == "--branch", index + 1 < arguments.count { branch = arguments[index + 1] }
                if argument.hasPrefix("--branch=") { branch = String(argument.dropFirst("--branch=".count)) }
                if let branch, !Self.movingBranches.contains(branch) { return nil }
            }
            return Violation(run.node, "git clone without a tag or commit builds whatever the branch holds today")
        }
    }
}

struct ComposeProfileUnknown: ProjectRule {
    static let description = RuleDescription(
        id: "compose-profile-unknown",
        severity: .warning, category: .project,
        summary: "A compose profile that scripts or docs use must be declared by a service.",
        rationale:
            "`docker compose --profile gpu up` with no service in profile gpu starts the default services and says nothing, so the GPU backend a README promises never runs. Checked in shell scripts, Makefiles, CI workflows and the README.",
        examples: [
            .project(
                "scripts/up.sh", "#!/bin/sh\n↓docker compose --profile gpu up -d\n",
                files: [
                    "compose.yaml": "services:\n  web:\n    image: web\n  comfyui:\n    image: comfy\n    profiles: [cuda]\n"
                ],
                triggers: true),
            .project(
                "scripts/up.sh", "#!/bin/sh\nCOMPOSE_PROFILES=cuda docker compose up -d\n",
                files: [
                    "compose.yaml": "services:\n  web:\n    image: web\n  comfyui:\n    image: comfy\n    profiles: [cuda]\n"
                ],
                triggers: false),
        ])

    func check(_ project: ProjectContext) -> [ProjectViolation] {
        guard !project.composeProjects.isEmpty else { return [] }
        let declared = Set(project.composeProjects.flatMap(\.services).flatMap(\.profiles))
        var violations: [ProjectViolation] = []
        for file in project.scriptFiles {
            guard let text = TextFile.text(file, limit: 4 << 20) else { continue }
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("compose") || line.contains("COMPOSE_PROFILES") {
                for profile in Self.profiles(in: String(line)) where !declared.contains(profile) {
                    violations.append(
                        ProjectViolation(
                            file: file, line: index + 1,
                            "profile \(profile) is used here, but no compose service declares it"
                                + (declared.isEmpty ? "" : "; declared: \(declared.sorted().joined(separator: ", "))")))
                }
            }
        }
        return violations
    }

    /// Profiles a line names: `--profile X`, `--profile=X`, `COMPOSE_PROFILES=a,b`.
    static func profiles(in line: String) -> [String] {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "`" }).map {
            String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
        var result: [String] = []
        for (index, word) in words.enumerated() {
            if word == "--profile", index + 1 < words.count {
                result.append(words[index + 1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'")))
            } else if word.hasPrefix("--profile=") {
                result.append(String(word.dropFirst("--profile=".count)))
            } else if word.hasPrefix("COMPOSE_PROFILES=") {
                result += word.dropFirst("COMPOSE_PROFILES=".count).split(separator: ",").map(String.init)
            }
        }
        // Variables and placeholders are not profile names.
        return result.filter { name in
            !name.isEmpty && name != "*" && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
        }
    }
}

struct TestDependenciesInImage: Rule {
    static let description = RuleDescription(
        id: "test-dependencies-in-image",
        severity: .warning, category: .packages,
        summary: "Keep test-only Python packages out of the image.",
        rationale:
            "Installing `requirements-dev.txt`, `requirements-test.txt` or pytest into the stage that ships, or into a virtual environment the runtime stage copies, puts test tools and their vulnerabilities in production and makes the image larger. Install them in a test target instead.",
        examples: [
            .triggering(
                "FROM python:3.12-slim AS build\nRUN python -m venv /venv\nCOPY requirements.txt requirements-test.txt ./\n↓RUN /venv/bin/pip install --no-cache-dir -r requirements.txt -r requirements-test.txt\nFROM python:3.12-slim\nCOPY --from=build /venv /venv\n"
            ),
            .passing(
                "FROM python:3.12-slim AS build\nRUN python -m venv /venv\nCOPY requirements.txt ./\nRUN /venv/bin/pip install --no-cache-dir -r requirements.txt\nFROM build AS test\nCOPY requirements-test.txt ./\nRUN /venv/bin/pip install --no-cache-dir -r requirements-test.txt\nFROM python:3.12-slim\nCOPY --from=build /venv /venv\n"
            ),
        ])

    static let testPackages: Set<String> = [
        "pytest", "coverage", "mypy", "black", "ruff", "flake8", "pylint", "tox", "nox", "hypothesis", "pre-commit",
    ]

    func check(_ context: RuleContext) -> [Violation] {
        let stages = context.document.stages
        // Stages whose files reach an image: shipped ones, and those a shipped stage copies from.
        var reaching = context.shippedStages
        for index in context.shippedStages {
            for node in stages[index].instructions where node.command == "copy" {
                guard let from = node.flags.last(where: { $0.hasPrefix("--from=") })?.dropFirst("--from=".count) else { continue }
                if let number = Int(from) { reaching.insert(number) }
                if let named = context.document.stage(named: String(from)) { reaching.insert(named.index) }
            }
        }
        return context.runs(onbuild: false).compactMap { run in
            guard reaching.contains(run.stage.index) else { return nil }
            for command in run.script.commands
            where command.name.hasSuffix("pip") || command.name.hasSuffix("pip3") || command.name.hasPrefix("python") {
                guard command.arguments.contains("install") else { continue }
                if let found = Self.testOnly(command.arguments) {
                    return Violation(
                        run.node,
                        "\(found) is test-only, and \(run.stage.displayName) ends up in the image; install it in a separate test stage"
                    )
                }
            }
            return nil
        }
    }

    /// The first test-only requirement file, extra or package among pip's arguments.
    static func testOnly(_ arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            var file: String?
            if argument == "-r" || argument == "--requirement", index + 1 < arguments.count { file = arguments[index + 1] }
            if argument.hasPrefix("--requirement=") { file = String(argument.dropFirst("--requirement=".count)) }
            if argument.hasPrefix("-r") && argument.count > 2 && !argument.hasPrefix("--") {
                file = String(argument.dropFirst(2))
            }
            if let file {
                // Split by hand: Foundation's path functions trap on some text a Dockerfile can hold.
                let components = file.split(separator: "/")
                let last = components.last.map(String.init) ?? ""
                let stem = last.lastIndex(of: ".").flatMap { $0 == last.startIndex ? nil : String(last[..<$0]) } ?? last
                let name = stem.lowercased()
                let folder = (components.dropLast().last.map(String.init) ?? "").lowercased()
                let parts = Set(name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." }).map(String.init))
                if !parts.isDisjoint(with: ["test", "tests", "testing", "dev"])
                    || (folder == "requirements" && ["dev", "test", "tests"].contains(name))
                {
                    return file
                }
                continue
            }
            let package = argument.lowercased().prefix {
                $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." || $0 == "[" || $0 == "]"
            }
            if Self.testPackages.contains(String(package.prefix { $0 != "[" })) { return String(package) }
            if let open = package.firstIndex(of: "["), package.hasSuffix("]") {
                let extras = package[package.index(after: open)..<package.index(before: package.endIndex)].split(separator: ",")
                if extras.contains(where: { ["test", "tests", "dev", "testing"].contains(String($0)) }) {
                    return String(package)
                }
            }
        }
        return nil
    }
}
