/// A small JSON writer with a fixed key order, used for output whose layout is part of the
/// interface (BuildKit-compatible parse output). With an indent, object fields go on their own
/// lines and arrays stay on one line.
package struct JSONWriter {
    package private(set) var output = ""
    let indent: String?
    private var depth = 0
    private var needsComma = false

    package init(indent: String? = nil, depth: Int = 0) {
        self.indent = indent
        self.depth = depth
    }

    private mutating func newline() {
        guard let indent else { return }
        output += "\n" + String(repeating: indent, count: depth)
    }

    package mutating func object(_ body: (inout JSONWriter) -> Void) {
        output += "{"
        depth += 1
        needsComma = false
        body(&self)
        depth -= 1
        if needsComma { newline() }
        output += "}"
        needsComma = true
    }

    package mutating func field(_ key: String, _ value: (inout JSONWriter) -> Void) {
        if needsComma { output += "," }
        newline()
        string(key)
        output += indent == nil ? ":" : ": "
        value(&self)
        needsComma = true
    }

    package mutating func array<T>(_ items: [T], _ element: (inout JSONWriter, T) -> Void) {
        output += "["
        for (index, item) in items.enumerated() {
            if index > 0 { output += indent == nil ? "," : ", " }
            element(&self, item)
        }
        output += "]"
        needsComma = true
    }

    package mutating func string(_ value: String) { output += jsonQuoted(value) }
    package mutating func number(_ value: Int) { output += String(value) }
    package mutating func bool(_ value: Bool) { output += value ? "true" : "false" }
    package mutating func null() { output += "null" }
}

/// Quotes a string for JSON: `"`, `\` and control characters escaped, everything else as is.
package func jsonQuoted(_ value: String) -> String {
    if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + value + "\"" }
    var out = "\""
    for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\u{00}"..."\u{1F}":
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
