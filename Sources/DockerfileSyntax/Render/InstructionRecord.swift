/// One instruction in the flat form `stagecraft parse --format json` prints: the shape the
/// `dockerfile` Python package gives for BuildKit's nodes.
public struct InstructionRecord: Sendable, Equatable {
    /// The keyword as written (BuildKit keeps its case; the dump lower-cases it).
    public var cmd: String
    /// For ONBUILD, the inner keyword as written.
    public var subCmd: String?
    /// Whether the (inner) instruction is in exec form.
    public var json: Bool
    /// The logical line as BuildKit keeps it.
    public var original: String
    /// First line, 1-based.
    public var startLine: Int
    /// Last line, heredocs included.
    public var endLine: Int
    /// The `--flags`.
    public var flags: [String]
    /// The argument values of the (inner) instruction.
    public var value: [String]
    /// Heredoc bodies.
    public var heredocs: [Heredoc]

    /// Flattens a node the way the `dockerfile` package does.
    public init(_ node: Node) {
        let inner = node.command == "onbuild" ? node.subcommand : nil
        let effective = inner ?? node
        cmd = node.value
        subCmd = inner.map(\.value)
        json = effective.isJSON
        original = node.original
        startLine = node.startLine
        endLine = node.endLine
        flags = node.flags
        value = effective.next.map(\.value)
        heredocs = node.heredocs
    }

    /// The record as a JSON object with keys in a fixed order.
    public func jsonObject(indent: String? = nil) -> String {
        var writer = JSONWriter(indent: indent, depth: indent == nil ? 0 : 1)
        writer.object { w in
            w.field("cmd") { $0.string(cmd) }
            w.field("subCmd") { w in subCmd.map { w.string($0) } ?? w.null() }
            w.field("json") { $0.bool(json) }
            w.field("original") { $0.string(original) }
            w.field("startLine") { $0.number(startLine) }
            w.field("endLine") { $0.number(endLine) }
            w.field("flags") { w in w.array(flags) { $0.string($1) } }
            w.field("value") { w in w.array(value) { $0.string($1) } }
            w.field("heredocs") { w in
                w.array(heredocs) { w, heredoc in
                    w.object { w in
                        w.field("name") { $0.string(heredoc.name) }
                        w.field("fileDescriptor") { $0.number(Int(clamping: heredoc.fileDescriptor)) }
                        w.field("content") { $0.string(heredoc.content) }
                    }
                }
            }
        }
        return writer.output
    }
}

extension ParsedDockerfile {
    /// All instructions as a JSON array (`stagecraft parse --format json`).
    public func jsonArray(pretty: Bool = true) -> String {
        let records = nodes.map { InstructionRecord($0).jsonObject(indent: pretty ? "  " : nil) }
        if records.isEmpty { return "[]" }
        guard pretty else { return "[" + records.joined(separator: ",") + "]" }
        return "[\n  " + records.joined(separator: ",\n  ") + "\n]"
    }
}
