import DockerfileSyntax

/// Commands that install dependencies from manifests.
func installsDependencies(_ script: ShellScript) -> Bool {
    script.commands.contains { command in
        let first = command.positional.first ?? ""
        switch command.name {
        case "npm": return ["ci", "install", "i"].contains(first)
        case "yarn", "pnpm", "bun": return first == "install" || command.positional.isEmpty
        case "go": return command.positional.starts(with: ["mod", "download"])
        case "bundle", "composer", "poetry", "pipenv", "uv": return ["install", "sync"].contains(first)
        default: return !pipInstalls(ShellScript.init(commands: [command])).isEmpty
        }
    }
}

extension ShellScript {
    init(commands: [Command]) { self.commands = commands }
}

struct CopyBeforeInstall: Rule {
    static let description = RuleDescription(
        id: "copy-manifests-first",
        severity: .warning, category: .multiStage,
        summary: "Copy dependency manifests and install before copying the rest of the source.",
        rationale:
            "`COPY . .` before `npm ci` (or pip, go, bundle…) invalidates the install layer on every source change, so every build reinstalls everything.",
        examples: [
            .triggering("FROM node:22-slim\nWORKDIR /app\n↓COPY . .\nRUN npm ci\n"),
            .passing("FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { stage -> [Violation] in
            var wholeContext: Node?
            var violations: [Violation] = []
            for node in stage.instructions {
                if node.command == "copy" || node.command == "add",
                    !node.flags.contains(where: { $0.hasPrefix("--from=") }),
                    node.next.map(\.value).dropLast().contains(where: { $0 == "." || $0 == "./" })
                {
                    wholeContext = wholeContext ?? node
                }
                if node.command == "run", let copy = wholeContext,
                    installsDependencies(context.run(for: node)?.script ?? ShellScript(""))
                {
                    violations.append(
                        Violation(
                            copy,
                            "the whole context is copied before the install on line \(node.startLine); copy the manifests first, install, then copy the source"
                        ))
                    wholeContext = nil
                }
            }
            return violations
        }
    }
}

struct ChownAfterCopy: Rule {
    static let description = RuleDescription(
        id: "copy-chown",
        severity: .warning, category: .multiStage,
        summary: "Use COPY --chown instead of a later RUN chown -R on the copied files.",
        rationale: "RUN chown -R rewrites every file into a new layer, doubling the size of what was copied.",
        examples: [
            .triggering("FROM node:22-slim\nCOPY . /app\n↓RUN chown -R 1000:1000 /app\n"),
            .passing("FROM node:22-slim\nCOPY --chown=1000:1000 . /app\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { stage -> [Violation] in
            var copied: [String: Node] = [:]
            var violations: [Violation] = []
            for node in stage.instructions {
                if node.command == "copy" || node.command == "add", let destination = node.next.last?.value {
                    copied[normalized(destination)] = node
                }
                guard node.command == "run" else { continue }
                for command in (context.run(for: node)?.script ?? ShellScript("")).commands(named: "chown")
                where command.hasFlag(short: "R", long: ["recursive"]) {
                    let arguments = command.positional
                    guard arguments.count >= 2, let owner = arguments.first else { continue }
                    for path in arguments.dropFirst() where copied[normalized(path)] != nil {
                        violations.append(
                            Violation(
                                node,
                                "chown -R \(path) duplicates the layer COPY made; use COPY --chown=\(owner) on line \(copied[normalized(path)]?.startLine ?? 0)"
                            ))
                    }
                }
            }
            return violations
        }
    }

    private func normalized(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}

struct CopyRelativeWithoutWorkdir: Rule {
    static let description = RuleDescription(
        id: "copy-relative-without-workdir",
        aliases: [.hadolint("DL3045")],
        severity: .warning, category: .correctness,
        summary: "Set WORKDIR before copying to a relative destination.",
        rationale: "A relative destination lands in the base image's working directory, which the base can change.",
        examples: [
            .triggering("FROM node:22-slim\n↓COPY package.json .\n"),
            .passing("FROM node:22-slim\nWORKDIR /app\nCOPY package.json .\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        // Whether some ancestor (FROM <stage>) sets WORKDIR, stage by stage; parents come first.
        var inherits = [Bool](repeating: false, count: context.document.stages.count)
        for stage in context.document.stages {
            guard let parent = stage.parent, parent < stage.index else { continue }
            let parentStage = context.document.stages[parent]
            inherits[stage.index] = inherits[parent] || parentStage.instructions.contains { $0.command == "workdir" }
        }
        return context.document.stages.flatMap { stage -> [Violation] in
            var workdir = inherits[stage.index]
            var violations: [Violation] = []
            for node in stage.instructions {
                if node.command == "workdir" { workdir = true }
                guard node.command == "copy", !workdir, let destination = node.next.last?.value else { continue }
                let relative =
                    !destination.hasPrefix("/") && !destination.hasPrefix("$") && !destination.hasPrefix("\"/")
                    && !(destination.count >= 2 && Array(destination)[1] == ":")
                if relative { violations.append(Violation(node)) }
            }
            return violations
        }
    }
}

struct UnreachableStage: Rule {
    static let description = RuleDescription(
        id: "unreachable-stage",
        severity: .info, category: .multiStage,
        summary: "Every stage should be reachable from a build target.",
        rationale:
            "BuildKit skips stages no target needs; such a stage is dead code, or a target the build scripts forgot. A named stage that is an image of its own (it sets CMD or ENTRYPOINT, or is named like one: dev, test, debug…) is taken as a target built with --target and not reported.",
        examples: [
            .triggering("FROM alpine:3.20 AS base\n↓FROM alpine:3.20 AS unused\nRUN echo never\nFROM base\nRUN echo app\n"),
            .passing("FROM alpine:3.20 AS build\nRUN echo build\nFROM alpine:3.20\nCOPY --from=build /a /a\n"),
            .passing(
                "FROM alpine:3.20 AS build_amd64\nRUN echo x86\nFROM alpine:3.20 AS build_arm64\nRUN echo arm\nFROM build_${TARGETARCH}\nRUN echo app\n"
            ),
            .passing(
                "FROM node:22-slim AS base\nFROM base AS development\nRUN echo dev\nFROM base AS worker\nCMD [\"node\", \"worker.js\"]\nFROM base\nCMD [\"node\", \"server.js\"]\n"
            ),
        ])

    /// The stages a name with variables (`binary-$TARGETOS`) may stand for: each variable matches anything.
    static func stages(matching reference: String, in stages: [LintStage]) -> [Int] {
        let pattern = reference.lowercased().replacing(#/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/#, with: "*")
        let glob = GlobPattern(pattern)
        return stages.filter { $0.name.map(glob.matches) ?? false }.map(\.index)
    }

    /// Stage names that are targets by convention.
    static let targetNames: Set<String> = [
        "dev", "develop", "development", "test", "tests", "testing", "debug", "ci", "lint", "prod", "production", "release",
        "runtime", "final", "local", "e2e", "docs", "standalone",
    ]

    func check(_ context: RuleContext) -> [Violation] {
        let stages = context.document.stages
        var reached = Set<Int>()
        var queue = context.targets
        while let index = queue.popLast() {
            guard stages.indices.contains(index), reached.insert(index).inserted else { continue }
            let stage = stages[index]
            if let parent = stage.parent { queue.append(parent) }
            // `FROM build_${TARGETARCH}` may build on any stage its variables can name.
            if stage.base.contains("$") { queue += Self.stages(matching: stage.base, in: stages) }
            for node in stage.instructions {
                var references: [String] = []
                if node.command == "copy" || node.command == "add", let from = node.flags.last(where: { $0.hasPrefix("--from=") })
                {
                    references.append(String(from.dropFirst("--from=".count)))
                }
                if node.command == "run" {
                    references += context.run(for: node)?.mounts.compactMap { $0["from"] } ?? []
                }
                for reference in references {
                    if reference.contains("$") { queue += Self.stages(matching: reference, in: stages) }
                    if let number = Int(reference) { queue.append(number) }
                    if let named = context.document.stage(named: reference) { queue.append(named.index) }
                }
            }
        }
        return stages.filter { stage in
            guard !reached.contains(stage.index) else { return false }
            guard let name = stage.name else { return true }
            let isImage = stage.instructions.contains { $0.command == "cmd" || $0.command == "entrypoint" }
            let parts = Set(name.split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init))
            return !isImage && parts.isDisjoint(with: Self.targetNames)
        }.map { stage in
            Violation(
                stage.from,
                "no target builds \(stage.displayName); remove it, or build it with --target \(stage.name ?? String(stage.index))"
            )
        }
    }
}
