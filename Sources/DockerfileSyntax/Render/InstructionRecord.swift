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
            value: value, heredocs: heredocs, pretty: indent != nil, to: &bytes)
    }

    /// Appends a node's record without building it (the parse output's hot path).
    static func appendJSONObject(of node: Node, pretty: Bool, to bytes: inout [UInt8]) {
        let inner = node.command == "onbuild" ? node.subcommand : nil
        let effective = inner ?? node
        appendJSONObject(
            cmd: node.value, subCmd: inner?.value, json: effective.isJSON, original: node.original,
            startLine: node.startLine, endLine: node.endLine, flags: node.flags, value: effective.next.lazy.map(\.value),
            heredocs: node.heredocs, pretty: pretty, to: &bytes)
    }

    /// The layout ``JSONWriter`` gives a record at depth 1 (two-space indent when pretty), written
    /// byte by byte: the parse output of a large file is mostly this.
    private static func appendJSONObject(
        cmd: String, subCmd: String?, json: Bool, original: String, startLine: Int, endLine: Int, flags: [String],
        value: some Sequence<String>, heredocs: [Heredoc], pretty: Bool, to bytes: inout [UInt8]
    ) {
        func literal(_ text: StaticString) { text.withUTF8Buffer { bytes.append(contentsOf: $0) } }
        func number(_ value: Int) {
            guard value >= 0 else { return bytes.append(contentsOf: String(value).utf8) }
            var digits = 1
            var rest = value / 10
            while rest > 0 {
                digits += 1
                rest /= 10
            }
            let start = bytes.count
            for _ in 0..<digits { bytes.append(0x30) }
            var remaining = value
            for index in stride(from: start + digits - 1, through: start, by: -1) {
                bytes[index] = 0x30 + UInt8(remaining % 10)
                remaining /= 10
            }
        }
        func key(_ name: StaticString, first: Bool = false, depth: Int = 2) {
            if !first { bytes.append(UInt8(ascii: ",")) }
            if pretty {
                bytes.append(0x0A)
                for _ in 0..<(depth * 2) { bytes.append(0x20) }
            }
            bytes.append(0x22)
            literal(name)
            bytes.append(0x22)
            bytes.append(0x3A)
            if pretty { bytes.append(0x20) }
        }
        func separator() {
            bytes.append(0x2C)
            if pretty { bytes.append(0x20) }
        }
        func strings(_ items: some Sequence<String>) {
            bytes.append(UInt8(ascii: "["))
            var first = true
            for item in items {
                if !first { separator() }
                first = false
                appendJSONQuoted(item, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
        func close(depth: Int) {
            if pretty {
                bytes.append(0x0A)
                for _ in 0..<(depth * 2) { bytes.append(0x20) }
            }
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "{"))
        key("cmd", first: true)
        appendJSONQuoted(cmd, to: &bytes)
        key("subCmd")
        if let subCmd { appendJSONQuoted(subCmd, to: &bytes) } else { literal("null") }
        key("json")
        if json { literal("true") } else { literal("false") }
        key("original")
        appendJSONQuoted(original, to: &bytes)
        key("startLine")
        number(startLine)
        key("endLine")
        number(endLine)
        key("flags")
        strings(flags)
        key("value")
        strings(value)
        key("heredocs")
        bytes.append(UInt8(ascii: "["))
        for (index, heredoc) in heredocs.enumerated() {
            if index > 0 { separator() }
            bytes.append(UInt8(ascii: "{"))
            key("name", first: true, depth: 3)
            appendJSONQuoted(heredoc.name, to: &bytes)
            key("fileDescriptor", depth: 3)
            number(Int(clamping: heredoc.fileDescriptor))
            key("content", depth: 3)
            appendJSONQuoted(heredoc.content, to: &bytes)
            close(depth: 2)
        }
        bytes.append(UInt8(ascii: "]"))
        close(depth: 1)
    }
}

extension ParsedDockerfile {
    /// All instructions as a JSON array (`stagecraft parse --format json`).
    public func jsonArray(pretty: Bool = true) -> String {
        var array = InstructionJSONArray(pretty: pretty)
        for node in nodes { array.append(node) }
        array.end()
        return String(decoding: array.bytes, as: UTF8.self)
    }

    /// Parses `source` and writes its JSON array (as ``jsonArray(pretty:)`` prints it) to `write`
    /// in pieces of about a megabyte, keeping no instruction: memory stays near the size of the
    /// source. When the file is rejected, part of the array may have been written.
    public static func writeJSONArray(
        of source: [UInt8], pretty: Bool = true, to write: (UnsafeBufferPointer<UInt8>) -> Void
    ) throws(DockerfileSyntaxError) {
        var array = InstructionJSONArray(pretty: pretty)
        array.bytes.reserveCapacity(InstructionJSONArray.flushSize + (1 << 16))
        _ = try DockerfileParser.forEachInstruction(source) { node in
            array.append(node)
            if array.bytes.count >= InstructionJSONArray.flushSize {
                array.bytes.withUnsafeBufferPointer(write)
                array.bytes.removeAll(keepingCapacity: true)
            }
        }
        array.end()
        array.bytes.withUnsafeBufferPointer(write)
    }
}

/// The JSON array of instructions, element by element.
struct InstructionJSONArray {
    static let flushSize = 1 << 20
    let pretty: Bool
    var bytes: [UInt8] = []
    private var count = 0

    init(pretty: Bool) { self.pretty = pretty }

    /// Appends the next element, with the separator (or the opening bracket) in front.
    mutating func append(_ node: Node) {
        let separator = count == 0 ? (pretty ? "[\n  " : "[") : (pretty ? ",\n  " : ",")
        bytes.append(contentsOf: separator.utf8)
        InstructionRecord.appendJSONObject(of: node, pretty: pretty, to: &bytes)
        count += 1
    }

    /// Closes the array (`[]` when it has no elements).
    mutating func end() { bytes.append(contentsOf: (count == 0 ? "[]" : (pretty ? "\n]" : "]")).utf8) }
}
