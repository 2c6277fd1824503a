import DockerfileStages
import DockerfileSyntax

/// A parsed Dockerfile as the rules see it: its source, its instructions grouped into stages,
/// and the global ARG defaults. Built leniently, so rules still run on files whose stage
/// structure BuildKit would reject (that is what some rules report).
public struct DockerfileDocument: Sendable {
    /// The path used in findings.
    public let path: String
    /// The file's bytes.
    public let source: [UInt8]
    /// The syntax tree.
    public let parsed: ParsedDockerfile
    /// Byte offset where each line starts (index 0 is line 1).
    public let lineStarts: [Int]
    /// Instructions before the first FROM.
    public let preamble: [Node]
    /// The stages in order.
    public let stages: [LintStage]
    /// Global ARG defaults (and the predefined platform args), for expanding FROM.
    public let globalArgs: EnvironmentList
    /// The first stage with each lower-cased name.
    private let firstStageNamed: [String: Int]

    /// Parses `source`; FROM lines expand with the global ARGs as the stage graph expands them
    /// (``GlobalArgScope``), for `platform`.
    /// - Throws: ``DockerfileSyntaxError`` when BuildKit would reject the file.
    public init(path: String, source: [UInt8], platform: PlatformArgs = PlatformArgs()) throws(DockerfileSyntaxError) {
        self.path = path
        self.source = source
        parsed = try DockerfileParser.parse(source)
        lineStarts = source.withUnsafeBufferPointer { buffer in
            var starts = [0]
            starts.reserveCapacity(buffer.count / 24 + 1)
            for index in 0..<buffer.count where buffer[index] == 0x0A { starts.append(index + 1) }
            return starts
        }
        var preamble: [Node] = []
        var stages: [LintStage] = []
        var bodies: [[Node]] = []
        var firstNamed: [String: Int] = [:]
        var lastNamed: [String: Int] = [:]
        var scope = GlobalArgScope(platform: platform)
        let lexer = ShellLexer(escapeToken: parsed.escapeToken)
        for node in parsed.nodes {
            if node.command == "from" {
                if let last = stages.last { stages[stages.count - 1] = last.with(instructions: bodies[stages.count - 1]) }
                let stage = LintStage(
                    from: node, index: stages.count, globals: scope.environment, lexer: lexer, earlier: lastNamed)
                if let name = stage.name {
                    lastNamed[name] = stage.index
                    if firstNamed[name] == nil { firstNamed[name] = stage.index }
                }
                stages.append(stage)
                bodies.append([])
            } else if stages.isEmpty {
                preamble.append(node)
                if node.command == "arg" {
                    for word in node.next.map(\.value) {
                        let equals = word.firstIndex(of: "=")
                        let name = String(word[..<(equals ?? word.endIndex)])
                        guard !name.isEmpty else { continue }
                        // Read leniently: a default that does not expand is empty (the rules report it).
                        scope.declare(
                            name, defaultValue: equals.map { String(word[word.index(after: $0)...]) }, line: node.startLine
                        ) {
                            written, environment in (try? lexer.processWord(written, in: environment)) ?? ""
                        }
                    }
                }
            } else {
                bodies[bodies.count - 1].append(node)
            }
        }
        if let last = stages.last { stages[stages.count - 1] = last.with(instructions: bodies[stages.count - 1]) }
        self.preamble = preamble
        self.stages = stages
        globalArgs = scope.environment
        firstStageNamed = firstNamed
    }

    /// The first stage with this name (compared case-insensitively), if any.
    public func stage(named name: String) -> LintStage? {
        firstStageNamed[name.lowercased()].map { stages[$0] }
    }

    /// The text of a 1-based line, without its line ending.
    public func lineText(_ line: Int) -> String {
        guard line >= 1 && line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : source.count
        if end > start && end <= source.count && source[end - 1] == 0x0D { end -= 1 }
        return String(decoding: source[start..<max(start, end)], as: UTF8.self)
    }

    /// The byte range of a 1-based line, without its line ending.
    public func lineRange(_ line: Int) -> Range<Int> {
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : source.count
        if end > start && source[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }

    /// The stage an instruction belongs to, or `nil` for the preamble.
    public func stage(containing node: Node) -> LintStage? {
        // The last stage whose FROM starts at or before the node (stages are in line order).
        var low = 0
        var high = stages.count
        while low < high {
            let middle = (low + high) / 2
            if stages[middle].from.startLine <= node.startLine { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : stages[low - 1]
    }

    /// Every instruction, stage by stage, with ONBUILD bodies left wrapped.
    public var instructions: [Node] { parsed.nodes }
}

/// One stage of a Dockerfile as the rules see it: the stage graph's reading of its FROM line
/// (``FromLine``, expanded with the same ``GlobalArgScope``), kept even when BuildKit would reject
/// the file, with its instructions.
public final class LintStage: Sendable {
    /// The 0-based position.
    public let index: Int
    /// The FROM instruction.
    public let from: Node
    /// The stage name in lower case, if any.
    public let name: String?
    /// The name as written.
    public let writtenName: String?
    /// The base as written.
    public let base: String
    /// The base after global-ARG expansion (their defaults), or the written base if it fails.
    public let expandedBase: String
    /// The earlier stage the base names, if it names one.
    public let parent: Int?
    /// The `--platform` flag value as written.
    public let platform: String?
    /// Instructions after FROM.
    public let instructions: [Node]

    private init(copying stage: LintStage, instructions: [Node]) {
        index = stage.index
        from = stage.from
        name = stage.name
        writtenName = stage.writtenName
        base = stage.base
        expandedBase = stage.expandedBase
        parent = stage.parent
        platform = stage.platform
        self.instructions = instructions
    }

    /// The same stage with its instructions.
    func with(instructions: [Node]) -> LintStage { LintStage(copying: self, instructions: instructions) }

    /// `earlier` maps each earlier stage name to the last stage with that name.
    init(from node: Node, index: Int, globals: EnvironmentList, lexer: ShellLexer, earlier: [String: Int]) {
        instructions = []
        self.index = index
        from = node
        let line = FromLine(node)
        base = line.base
        writtenName = line.writtenName
        name = line.name
        expandedBase = base.contains("$") ? ((try? lexer.processWord(base, in: globals)) ?? base) : base
        let loweredBase = expandedBase.lowercased()
        parent = earlier[loweredBase]
        platform = line.platform
    }

    /// How messages name the stage: `stage build`, or `stage 0` when it has no name.
    public var displayName: String { "stage " + (name ?? String(index)) }

    /// Instructions with the given lower-case keyword.
    public func instructions(_ command: String) -> [Node] { instructions.filter { $0.command == command } }
}
