import DockerfileSyntax

/// A lint rule: a catalogue entry plus the check itself. One rule per file under `Rules/`.
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

    /// The stages that produce images: their last instructions decide what the image runs as.
    public var targetStages: [LintStage] {
        targets.compactMap { document.stages.indices.contains($0) ? document.stages[$0] : nil }
    }

    /// Every RUN with its shell commands, and the stage it is in. With `onbuild`, RUNs wrapped in
    /// ONBUILD are included (reported at the ONBUILD line), as hadolint's "+ONBUILD" rules do.
    public func runs(onbuild: Bool = true) -> [RunInstruction] {
        var result: [RunInstruction] = []
        for stage in document.stages {
            for node in stage.instructions {
                if node.command == "run" {
                    result.append(RunInstruction(node: node, run: node, stage: stage))
                } else if onbuild, node.command == "onbuild", let inner = node.subcommand, inner.command == "run" {
                    result.append(RunInstruction(node: node, run: inner, stage: stage))
                }
            }
        }
        return result
    }
}

/// A RUN instruction as the shell rules see it.
public struct RunInstruction: Sendable {
    /// The top-level instruction (the ONBUILD for a wrapped RUN).
    public let node: Node
    /// The RUN itself.
    public let run: Node
    /// The stage it is in.
    public let stage: LintStage

    /// The shell text: the command, exec-form words joined, and heredoc bodies that are the script.
    public var scriptText: String {
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

    /// The parsed commands.
    public var script: ShellScript { ShellScript(scriptText) }

    /// The `--mount` flags' options, e.g. `[["type": "cache", "target": "/root/.npm"]]`.
    public var mounts: [[String: String]] {
        run.flags.filter { $0.hasPrefix("--mount=") }.map { flag in
            var options: [String: String] = [:]
            for field in flag.dropFirst("--mount=".count).split(separator: ",") {
                let parts = field.split(separator: "=", maxSplits: 1).map(String.init)
                options[parts[0].lowercased()] = parts.count > 1 ? parts[1] : ""
            }
            return options
        }
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
