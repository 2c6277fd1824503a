import DockerfileSyntax

/// Builds the stage graph from a parsed Dockerfile, applying BuildKit's ARG scoping: global ARGs
/// (before the first FROM) expand in FROM lines, stage ARGs inherit global values, and
/// `--build-arg` values override defaults.
/// See https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact
public struct StageGraphBuilder {
    /// `--build-arg` values.
    public var buildArgs: [String: String]
    /// The predefined platform arguments.
    public var platform: PlatformArgs

    /// BuildKit's stage-name rule, `^[a-z][a-z0-9-_.]*$`, applied after lower-casing.
    static func isValidStageName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
    }

    /// Creates a builder.
    public init(buildArgs: [String: String] = [:], platform: PlatformArgs = PlatformArgs()) {
        self.buildArgs = buildArgs
        self.platform = platform
    }

    /// Builds the graph.
    /// - Throws: ``DockerfileStagesError`` for missing or malformed FROM lines, bad stage names,
    ///   failed expansions, unknown stage indexes and dependency cycles.
    public func build(_ parsed: ParsedDockerfile) throws(DockerfileStagesError) -> StageGraph {
        var scope = GlobalArgScope(platform: platform, buildArgs: buildArgs)
        var stages: [StageDraft] = []
        var names: [String: Int] = [:]  // lower-cased stage name -> index
        var stageEnvironment = EnvironmentList()
        var pending: [(stage: Int, kind: StageDependency.Kind, written: String, line: Int)] = []
        var warnings: [GraphWarning] = []
        let lexer = ShellLexer(escapeToken: parsed.escapeToken)

        func expand(_ word: String, _ environment: EnvironmentList, line: Int) throws(DockerfileStagesError) -> String {
            do {
                return try lexer.processWord(word, in: environment)
            } catch {
                throw DockerfileStagesError(line: line, error.description, hint: "fix the variable reference")
            }
        }

        for node in parsed.nodes {
            let line = node.startLine
            let command = node.command
            if command == "from" {
                let stage = try startStage(
                    node, index: stages.count, globals: scope.environment, names: names, expand: expand)
                if let name = stage.stage.name { names[name] = stages.count }
                stageEnvironment = EnvironmentList()
                if case .stage(let parent) = stage.base {
                    for (name, value) in stages[parent].environment { stageEnvironment.set(name, value) }
                }
                stages.append(stage)
                continue
            }
            guard !stages.isEmpty else {
                guard command == "arg" else {
                    throw DockerfileStagesError(
                        line: line, "no build stage in current context",
                        hint: "only ARG may come before the first FROM; add a FROM line above line \(line)")
                }
                for argument in try Self.arguments(of: node) {
                    try scope.declare(argument.name, defaultValue: argument.defaultValue, line: line) {
                        word, environment throws(DockerfileStagesError) in try expand(word, environment, line: line)
                    }
                }
                continue
            }
            let current = stages.count - 1
            stages[current].endLine = node.endLine
            stages[current].instructions.append(node)
            switch command {
            case "arg":
                for argument in try Self.arguments(of: node) {
                    let binding = try bindStage(
                        argument, line: line, environment: stageEnvironment, globals: scope.environment,
                        declared: scope.bindings,
                        expand: expand)
                    if let value = binding.value { stageEnvironment.set(binding.name, value) }
                    stages[current].args.append(binding)
                }
            case "env":
                for (key, value) in Self.pairs(of: node) {
                    let expanded = try expand(value, stageEnvironment, line: line)
                    stageEnvironment.set(key, expanded)
                    stages[current].environment.append((key, expanded))
                }
            case "copy", "add":
                if let from = Self.flagValue("from", in: node.flags) {
                    pending.append((current, command == "copy" ? .copyFrom : .addFrom, from, line))
                }
            case "run":
                for from in MountOptions.fromValues(in: node.flags) { pending.append((current, .mountFrom, from, line)) }
            default:
                break
            }
        }
        guard !stages.isEmpty else {
            throw DockerfileStagesError(
                line: parsed.nodes.last?.endLine ?? 1, "the Dockerfile has no FROM instruction",
                hint: "start a build stage with FROM <image>")
        }
        for reference in pending {
            let target = try resolve(
                reference.written, kind: reference.kind, line: reference.line, names: names, count: stages.count)
            if case .image(let name) = target, name.contains("$") {
                warnings.append(
                    GraphWarning(
                        line: reference.line,
                        message:
                            "BuildKit does not expand variables in \(reference.kind.rawValue) (\(name)); declare a global ARG and use it in a FROM line instead"
                    ))
            }
            stages[reference.stage].dependencies.append(
                StageDependency(kind: reference.kind, target: target, written: reference.written, line: reference.line))
        }
        let graph = StageGraph(stages: stages.map(\.stage), globalArgs: scope.bindings, warnings: warnings)
        try graph.checkForCycles()
        return graph
    }
}

/// Something BuildKit would reject or surprise with, though the graph can still be drawn.
public struct GraphWarning: Sendable, Equatable, Codable {
    /// The 1-based line.
    public var line: Int
    /// What is wrong.
    public var message: String
}
