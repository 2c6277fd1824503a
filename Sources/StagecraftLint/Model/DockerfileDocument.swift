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

    /// Parses `source`.
    /// - Throws: ``DockerfileSyntaxError`` when BuildKit would reject the file.
    public init(path: String, source: [UInt8]) throws(DockerfileSyntaxError) {
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
        var globals = DocumentDefaults.environment
        let lexer = ShellLexer(escapeToken: parsed.escapeToken)
        for node in parsed.nodes {
            if node.command == "from" {
                if let last = stages.last { stages[stages.count - 1] = last.with(instructions: bodies[stages.count - 1]) }
                let stage = LintStage(from: node, index: stages.count, globals: globals, lexer: lexer, earlier: lastNamed)
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
                        guard let equals = word.firstIndex(of: "=") else { continue }
                        let value = (try? lexer.processWord(String(word[word.index(after: equals)...]), in: globals)) ?? ""
                        globals.set(String(word[..<equals]), value)
                    }
                }
            } else {
                bodies[bodies.count - 1].append(node)
            }
        }
        if let last = stages.last { stages[stages.count - 1] = last.with(instructions: bodies[stages.count - 1]) }
        self.preamble = preamble
        self.stages = stages
        globalArgs = globals
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

enum DocumentDefaults {
    static let platformArgs: [(String, String)] = [
        ("BUILDPLATFORM", "linux/amd64"), ("BUILDOS", "linux"), ("BUILDARCH", "amd64"), ("BUILDVARIANT", ""),
        ("TARGETPLATFORM", "linux/amd64"), ("TARGETOS", "linux"), ("TARGETARCH", "amd64"), ("TARGETVARIANT", ""),
    ]
    static let platformArgNames: Set<String> = Set(platformArgs.map(\.0))
    static let environment: EnvironmentList = {
        var environment = EnvironmentList()
        for (name, value) in platformArgs { environment.set(name, value) }
        return environment
    }()
}

/// One stage of a Dockerfile.
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
        let words = node.next.map(\.value)
        base = words.first ?? ""
        if words.count >= 3, words[1].lowercased() == "as" {
            writtenName = words[2]
            name = words[2].lowercased()
        } else {
            writtenName = nil
            name = nil
        }
        expandedBase = base.contains("$") ? ((try? lexer.processWord(base, in: globals)) ?? base) : base
        let loweredBase = expandedBase.lowercased()
        parent = earlier[loweredBase]
        platform = node.flags.last { $0.hasPrefix("--platform=") }.map { String($0.dropFirst("--platform=".count)) }
    }

    /// How messages name the stage: `stage build`, or `stage 0` when it has no name.
    public var displayName: String { "stage " + (name ?? String(index)) }

    /// Instructions with the given lower-case keyword.
    public func instructions(_ command: String) -> [Node] { instructions.filter { $0.command == command } }
}
