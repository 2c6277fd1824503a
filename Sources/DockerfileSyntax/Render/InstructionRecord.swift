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
        var bytes: [UInt8] = []
        appendJSONObject(to: &bytes, indent: indent)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the record's JSON object to `bytes`.
    func appendJSONObject(to bytes: inout [UInt8], indent: String?) {
        Self.appendJSONObject(
            cmd: cmd, subCmd: subCmd, json: json, original: original, startLine: startLine, endLine: endLine, flags: flags,
            value: .strings(value), heredocs: heredocs, pretty: indent != nil, to: &bytes)
    }

    /// Appends a node's record without building it (the parse output's hot path).
    static func appendJSONObject<Sink: ByteSink & ~Copyable>(of node: Node, pretty: Bool, to bytes: inout Sink) {
        node.withFields { value, lowercased, next, isJSON, original, flags, startLine, endLine, heredocs in
            if (lowercased ?? goLowercased(value)) == "onbuild", let inner = next.first?.children.first {
                appendJSONObject(
                    cmd: value, subCmd: inner.value, json: inner.isJSON, original: original, startLine: startLine,
                    endLine: endLine, flags: flags, value: .nodes(inner.next), heredocs: heredocs, pretty: pretty, to: &bytes)
            } else {
                appendJSONObject(
                    cmd: value, subCmd: nil, json: isJSON, original: original, startLine: startLine, endLine: endLine,
                    flags: flags, value: .nodes(next), heredocs: heredocs, pretty: pretty, to: &bytes)
            }
        }
    }

    /// A record's values: a record's own strings, or straight from the argument nodes.
    private enum Values {
        case strings([String])
        case nodes([Node])
    }

    /// The layout ``JSONWriter`` gives a record at depth 1 (two-space indent when pretty), written
    /// as bytes: the parse output of a large file is mostly this, so each run of fixed text (a
    /// separator, the indent and the next key) is one append.
    private static func appendJSONObject<Sink: ByteSink & ~Copyable>(
        cmd: String, subCmd: String?, json: Bool, original: String, startLine: Int, endLine: Int, flags: [String],
        value: Values, heredocs: [Heredoc], pretty: Bool, to bytes: inout Sink
    ) {
        @inline(__always) func literal(_ indented: StaticString, _ compact: StaticString) {
            (pretty ? indented : compact).withUTF8Buffer { bytes.append(contentsOf: $0) }
        }
        func number(_ value: Int) {
            // Digits backwards into a small buffer, then one append.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
                var position = buffer.count
                var remaining = value.magnitude
                repeat {
                    position -= 1
                    buffer[position] = 0x30 + UInt8(remaining % 10)
                    remaining /= 10
                } while remaining > 0
                if value < 0 {
                    position -= 1
                    buffer[position] = UInt8(ascii: "-")
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position...]))
            }
        }
        func strings(_ items: [String]) {
            bytes.append(UInt8(ascii: "["))
            var first = true
            for item in items {
                if !first { literal(", ", ",") }
                first = false
                appendJSONQuoted(item, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
        literal("{\n    \"cmd\": ", "{\"cmd\":")
        appendJSONQuoted(cmd, to: &bytes)
        literal(",\n    \"subCmd\": ", ",\"subCmd\":")
        if let subCmd { appendJSONQuoted(subCmd, to: &bytes) } else { literal("null", "null") }
        literal(",\n    \"json\": ", ",\"json\":")
        if json { literal("true", "true") } else { literal("false", "false") }
        literal(",\n    \"original\": ", ",\"original\":")
        appendJSONQuoted(original, to: &bytes)
        literal(",\n    \"startLine\": ", ",\"startLine\":")
        number(startLine)
        literal(",\n    \"endLine\": ", ",\"endLine\":")
        number(endLine)
        literal(",\n    \"flags\": ", ",\"flags\":")
        strings(flags)
        literal(",\n    \"value\": ", ",\"value\":")
        switch value {
        case .strings(let values): strings(values)
        case .nodes(let nodes):
            bytes.append(UInt8(ascii: "["))
            for index in nodes.indices {
                if index > 0 { literal(", ", ",") }
                nodes[index].appendQuotedValue(to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
        literal(",\n    \"heredocs\": [", ",\"heredocs\":[")
        for (index, heredoc) in heredocs.enumerated() {
            if index > 0 { literal(", ", ",") }
            literal("{\n      \"name\": ", "{\"name\":")
            appendJSONQuoted(heredoc.name, to: &bytes)
            literal(",\n      \"fileDescriptor\": ", ",\"fileDescriptor\":")
            number(Int(clamping: heredoc.fileDescriptor))
            literal(",\n      \"content\": ", ",\"content\":")
            appendJSONQuoted(heredoc.content, to: &bytes)
            literal("\n    }", "}")
        }
        literal("]\n  }", "]}")
    }
}

extension ParsedDockerfile {
    /// All instructions as a JSON array (`stagecraft parse --format json`).
    public func jsonArray(pretty: Bool = true) -> String {
        var array = InstructionJSONArray(pretty: pretty)
        for node in nodes { array.append(node) }
        array.end()
        return array.bytes.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Parses `source` and writes its JSON array (as ``jsonArray(pretty:)`` prints it) to `write`
    /// in pieces of about a megabyte, keeping no instruction: memory stays near the size of the
    /// source. When the file is rejected, part of the array may have been written.
    public static func writeJSONArray(
        of source: [UInt8], pretty: Bool = true, to write: (UnsafeBufferPointer<UInt8>) -> Void
    ) throws(DockerfileSyntaxError) {
        var array = InstructionJSONArray(pretty: pretty)
        _ = try DockerfileParser.forEachInstruction(source) { node in
            array.append(node)
            if array.bytes.count >= InstructionJSONArray.flushSize {
                array.bytes.withBytes(write)
                array.bytes.removeAll()
            }
        }
        array.end()
        array.bytes.withBytes(write)
    }
}

/// The JSON array of instructions, element by element.
struct InstructionJSONArray: ~Copyable {
    static let flushSize = 1 << 20
    let pretty: Bool
    var bytes = ByteBuffer(capacity: InstructionJSONArray.flushSize + (1 << 16))
    private var count = 0

    init(pretty: Bool) { self.pretty = pretty }

    /// Appends the next element, with the separator (or the opening bracket) in front.
    mutating func append(_ node: Node) {
        let separator: StaticString = count == 0 ? (pretty ? "[\n  " : "[") : (pretty ? ",\n  " : ",")
        separator.withUTF8Buffer { bytes.append(contentsOf: $0) }
        InstructionRecord.appendJSONObject(of: node, pretty: pretty, to: &bytes)
        count += 1
    }

    /// Closes the array (`[]` when it has no elements).
    mutating func end() {
        let closing: StaticString = count == 0 ? "[]" : (pretty ? "\n]" : "]")
        closing.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }
}
