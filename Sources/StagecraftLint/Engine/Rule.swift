import DockerfileSyntax

/// A lint rule: a catalogue entry plus the check itself. One rule per file, `Rules/<Category>/<TypeName>.swift`,
/// the type named after the id (`apt-pin-versions` is `AptPinVersions`).
public protocol Rule: Sendable {
    /// The catalogue entry.
    static var description: RuleDescription { get }
    /// Whether the rule runs unless a configuration enables it.
    static var enabledByDefault: Bool { get }
    /// Reports the rule's violations in one Dockerfile.
    func check(_ context: RuleContext) -> [Violation]
}

extension Rule {
    public static var enabledByDefault: Bool { true }
    /// The catalogue entry of this rule's type.
    public var description: RuleDescription { Self.description }
}

/// Where and why a rule fires; the engine adds the rule id, severity and file.
public struct Violation: Sendable, Equatable {
    public var line: Int
    public var endLine: Int
    public var column: Int
    public var message: String?
    public var fix: Fix?
    public var suggestion: String?

    /// A violation on an instruction (its first line).
    public init(_ node: Node, _ message: String? = nil, fix: Fix? = nil, suggestion: String? = nil) {
        self.init(line: node.startLine, endLine: node.endLine, message: message, fix: fix, suggestion: suggestion)
    }

    /// A violation at a line.
    public init(
        line: Int, endLine: Int? = nil, column: Int = 1, message: String? = nil, fix: Fix? = nil, suggestion: String? = nil
    ) {
        self.line = line
        self.endLine = endLine ?? line
        self.column = column
        self.message = message
        self.fix = fix
        self.suggestion = suggestion
    }
}

/// What a rule sees: the document, the configuration, and which stages are build targets.
public struct RuleContext: Sendable {
    /// The Dockerfile.
    public let document: DockerfileDocument
    /// The settings in force.
    public let configuration: LintConfiguration
    /// Stages built as images (the last stage unless compose or configuration name others).
    public let targets: [Int]
    /// Every RUN (ONBUILD-wrapped ones included), with its shell commands parsed once.
    private let allRuns: [RunInstruction]
    /// The RUNs of each stage, by stage index, in file order.
    private let runsByStage: [[RunInstruction]]
    /// Each RUN by the line its instruction starts on.
    private let runsByLine: [Int: RunInstruction]
    /// See ``shippedStages``; computed once per file.
    public let shippedStages: Set<Int>
    /// Named build contexts the build passes (bake `contexts`, compose `additional_contexts`,
    /// `--build-context`): `COPY --from=<name>` and `FROM <name>` may use them like stages.
    public let namedContexts: Set<String>

    public init(
        document: DockerfileDocument, configuration: LintConfiguration, targets: [Int], namedContexts: Set<String> = []
    ) {
        self.namedContexts = namedContexts
        self.document = document
        self.configuration = configuration
        self.targets = targets
        var runs: [RunInstruction] = []
        for stage in document.stages {
            for node in stage.instructions {
                if node.command == "run" {
                    runs.append(RunInstruction(node: node, run: node, stage: stage))
                } else if node.command == "onbuild", let inner = node.subcommand, inner.command == "run" {
                    runs.append(RunInstruction(node: node, run: inner, stage: stage))
                }
            }
        }
        allRuns = runs
        var byStage = [[RunInstruction]](repeating: [], count: document.stages.count)
        var byLine: [Int: RunInstruction] = [:]
        for run in runs {
            byStage[run.stage.index].append(run)
            if byLine[run.node.startLine] == nil { byLine[run.node.startLine] = run }
        }
        runsByStage = byStage
        runsByLine = byLine
        shippedStages = Self.shippedStages(document.stages, targets: targets)
    }

    /// The stages that produce images: their last instructions decide what the image runs as.
    public var targetStages: [LintStage] {
        targets.compactMap { document.stages.indices.contains($0) ? document.stages[$0] : nil }
    }

    /// Stage names built for development (a compose override's `target: development`).
    public static let developmentStageNames: Set<String> = ["dev", "develop", "development", "debug", "devcontainer"]

    /// Whether `stage` is built for development, where toolchains and test tools are what it is for.
    public func isDevelopment(_ stage: LintStage) -> Bool {
        stage.name.map { Self.developmentStageNames.contains($0.lowercased()) } ?? false
    }

    /// Every RUN with its shell commands, and the stage it is in. With `onbuild`, RUNs wrapped in
    /// ONBUILD are included (reported at the ONBUILD line), as hadolint's "+ONBUILD" rules do.
    public func runs(onbuild: Bool = true) -> [RunInstruction] {
        onbuild ? allRuns : allRuns.filter { $0.node.command == "run" }
    }

    /// The parsed RUN for a top-level RUN instruction of a stage.
    public func run(for node: Node) -> RunInstruction? { runsByLine[node.startLine] }

    /// The RUNs of one stage in file order; with `onbuild`, ONBUILD-wrapped ones too.
    public func runs(inStage index: Int, onbuild: Bool = true) -> [RunInstruction] {
        guard runsByStage.indices.contains(index) else { return [] }
        return onbuild ? runsByStage[index] : runsByStage[index].filter { $0.node.command == "run" }
    }
}

/// A RUN instruction as the shell rules see it.
public final class RunInstruction: Sendable {
    /// The top-level instruction (the ONBUILD for a wrapped RUN).
    public let node: Node
    /// The RUN itself.
    public let run: Node
    /// The stage it is in.
    public let stage: LintStage
    /// The parsed commands.
    public let script: ShellScript
    /// The `--mount` flags' options, e.g. `[["type": "cache", "target": "/root/.npm"]]`.
    public let mounts: [[String: String]]

    init(node: Node, run: Node, stage: LintStage) {
        self.node = node
        self.run = run
        self.stage = stage
        script = ShellScript(Self.scriptText(node: node, run: run))
        mounts = run.flags.filter { $0.hasPrefix("--mount=") }.map { flag in
            var options: [String: String] = [:]
            for field in flag.dropFirst("--mount=".count).split(separator: ",") {
                // `key=value` or a bare `key`; a field like `=` or `=x` has no key and is skipped.
                let key = field.prefix { $0 != "=" }
                guard !key.isEmpty else { continue }
                options[key.lowercased()] = String(field.dropFirst(key.count + 1))
            }
            return options
        }
    }

    /// The shell text: the command, exec-form words joined, and heredoc bodies that are the script.
    static func scriptText(node: Node, run: Node) -> String {
        if run.isJSON { return run.next.map(\.value).joined(separator: " ") }
        var text = run.next.first?.value ?? ""
        let body = node.heredocs.map(\.content).joined()
        if !node.heredocs.isEmpty {
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.allSatisfy({ $0.contains("<<") }) { return body }
            text += "\n" + body
        }
        return text
    }

    /// Whether a cache mount's target starts with `path`.
    public func hasCacheMount(under path: String) -> Bool {
        mounts.contains { options in
            (options["type"] ?? "bind") == "cache"
                && (options["target"] ?? options["dst"] ?? options["destination"] ?? "").hasPrefix(path)
        }
    }

    /// Whether a cache or tmpfs mount covers `path` (a target ending with it).
    public func hasCacheMount(endingWith path: String) -> Bool {
        mounts.contains { options in
            guard ["cache", "tmpfs"].contains(options["type"] ?? "bind") else { return false }
            let target = options["target"] ?? options["dst"] ?? options["destination"] ?? ""
            return target.hasSuffix(path) || target.hasSuffix(path + "/")
        }
    }
}
