/// A small JSON writer with a fixed key order, used for output whose layout is part of the
/// interface (BuildKit-compatible parse output). With an indent, object fields go on their own
/// lines and arrays stay on one line. It appends UTF-8 bytes: the parse output of a 20 MB
/// Dockerfile is over 100 MB of JSON, and string appends would dominate its time.
package struct JSONWriter {
    package private(set) var bytes: [UInt8] = []
    let indent: [UInt8]?
    private var depth = 0
    private var needsComma = false

    package init(indent: String? = nil, depth: Int = 0) {
        self.indent = indent.map { Array($0.utf8) }
        self.depth = depth
    }

    /// Continues writing after `bytes` (which are handed back with ``takeBytes()``).
    package init(appendingTo bytes: [UInt8], indent: String? = nil, depth: Int = 0) {
        self.init(indent: indent, depth: depth)
        self.bytes = bytes
    }

    /// What was written, as text.
    package var output: String { String(decoding: bytes, as: UTF8.self) }

    /// Hands the bytes over, leaving the writer empty.
    package mutating func takeBytes() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }

    private mutating func newline() {
        guard let indent else { return }
        bytes.append(0x0A)
        for _ in 0..<depth { bytes.append(contentsOf: indent) }
    }

    package mutating func object(_ body: (inout JSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        depth += 1
        needsComma = false
        body(&self)
        depth -= 1
        if needsComma { newline() }
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    package mutating func field(_ key: StaticString, _ value: (inout JSONWriter) -> Void) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        newline()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        if indent != nil { bytes.append(0x20) }
        value(&self)
        needsComma = true
    }

    package mutating func array<T>(_ items: [T], _ element: (inout JSONWriter, T) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 {
                bytes.append(UInt8(ascii: ","))
                if indent != nil { bytes.append(0x20) }
            }
            element(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    package mutating func string(_ value: String) { appendJSONQuoted(value, to: &bytes) }
    package mutating func number(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }
    package mutating func bool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    package mutating func null() { bytes.append(contentsOf: "null".utf8) }
}

/// Quotes a string for JSON: `"`, `\` and control characters escaped, everything else as is.
package func jsonQuoted(_ value: String) -> String {
    var bytes: [UInt8] = []
    appendJSONQuoted(value, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

/// Appends `value` quoted for JSON: runs that need no escape are copied whole.
@inline(__always)
package func appendJSONQuoted<Sink: ByteSink & ~Copyable>(_ value: String, to bytes: inout Sink) {
    var value = value
    bytes.append(0x22)
    value.withUTF8 { source in
        var index = 0
        while index < source.count {
            index += bytes.appendUnescaped(UnsafeBufferPointer(rebasing: source[index...]))
            guard index < source.count else { break }
            let byte = source[index]
            index += 1
            bytes.append(0x5C)
            switch byte {
            case 0x22, 0x5C: bytes.append(byte)
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            default:
                func hex(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }
                bytes.append(UInt8(ascii: "u"))
                bytes.append(0x30)
                bytes.append(0x30)
                bytes.append(hex(byte >> 4))
                bytes.append(hex(byte & 0xF))
            }
        }
    }
    bytes.append(0x22)
}
