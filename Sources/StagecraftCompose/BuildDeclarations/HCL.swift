import Foundation

/// The part of HCL (HashiCorp Configuration Language) bake files use: blocks with labels,
/// attributes, strings with `${…}` interpolation, numbers, booleans, lists and objects, and
/// `#`, `//` and `/* */` comments. Any other expression (a function call, a conditional) is kept
/// as its source text, so a file using them still reads; values built from one stay unknown.
/// See https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
struct HCLDocument {
    indirect enum Value: Equatable {
        case string(String)
        case number(String)
        case bool(Bool)
        case list([Value])
        case object([(key: String, value: Value)])
        case expression(String)

        static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case (.string(let a), .string(let b)), (.number(let a), .number(let b)), (.expression(let a), .expression(let b)):
                a == b
            case (.bool(let a), .bool(let b)): a == b
            case (.list(let a), .list(let b)): a == b
            case (.object(let a), .object(let b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
            default: false
            }
        }

        var string: String? {
            if case .string(let text) = self { return text }
            return nil
        }

        var strings: [String]? {
            if case .list(let items) = self { return items.compactMap(\.string) }
            return string.map { [$0] }
        }
    }

    struct Block {
        var type: String
        var labels: [String]
        var line: Int
        var attributes: [(name: String, value: Value, line: Int)] = []
        var blocks: [Block] = []

        func attribute(_ name: String) -> Value? { attributes.last { $0.name == name }?.value }
        func line(of name: String) -> Int { attributes.last { $0.name == name }?.line ?? line }
    }

    struct ParseError: Error {
        var line: Int
        var message: String
    }

    var blocks: [Block]

    init(_ text: String) throws(ParseError) {
        var parser = Parser(Array(text.unicodeScalars))
        blocks = try parser.body(closing: false).blocks
    }

    /// A recursive-descent reader over Unicode scalars, with the nesting depth bounded.
    private struct Parser {
        let text: [Unicode.Scalar]
        var index = 0
        var line = 1
        var depth = 0
        static let maximumDepth = 64

        init(_ text: [Unicode.Scalar]) { self.text = text }

        var current: Unicode.Scalar? { index < text.count ? text[index] : nil }

        func peek(_ offset: Int) -> Unicode.Scalar? { index + offset < text.count ? text[index + offset] : nil }

        mutating func advance() {
            if current == "\n" { line += 1 }
            index += 1
        }

        /// Skips blanks and comments; newlines too when `newlines` is set.
        mutating func skip(newlines: Bool) {
            while let scalar = current {
                if scalar == " " || scalar == "\t" || scalar == "\r" || (newlines && scalar == "\n") {
                    advance()
                } else if scalar == "#" || (scalar == "/" && peek(1) == "/") {
                    while let next = current, next != "\n" { advance() }
                } else if scalar == "/" && peek(1) == "*" {
                    advance()
                    advance()
                    while current != nil && !(current == "*" && peek(1) == "/") { advance() }
                    advance()
                    advance()
                } else {
                    return
                }
            }
        }

        mutating func identifier() -> String {
            var name = ""
            while let scalar = current,
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
            {
                name.unicodeScalars.append(scalar)
                advance()
            }
            return name
        }

        mutating func body(closing: Bool) throws(ParseError) -> Block {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { throw ParseError(line: line, message: "blocks nest too deeply") }
            var block = Block(type: "", labels: [], line: line)
            while true {
                skip(newlines: true)
                guard let scalar = current else {
                    if closing { throw ParseError(line: line, message: "a block is not closed with }") }
                    return block
                }
                if scalar == "}" {
                    guard closing else { throw ParseError(line: line, message: "} without a block to close") }
                    advance()
                    return block
                }
                let start = line
                let name = identifier()
                guard !name.isEmpty else {
                    throw ParseError(line: line, message: "expected an attribute or a block, found \(Character(scalar))")
                }
                skip(newlines: false)
                if current == "=" && peek(1) != "=" {
                    advance()
                    skip(newlines: false)
                    block.attributes.append((name, try value(), start))
                    continue
                }
                var labels: [String] = []
                while current == "\"" || (current.map { $0.properties.isAlphabetic } ?? false) {
                    if current == "\"" {
                        labels.append(try quoted())
                    } else {
                        labels.append(identifier())
                    }
                    skip(newlines: false)
                }
                guard current == "{" else { throw ParseError(line: line, message: "expected = or { after \(name)") }
                advance()
                var child = try body(closing: true)
                child.type = name
                child.labels = labels
                child.line = start
                block.blocks.append(child)
            }
        }

        mutating func value() throws(ParseError) -> Value {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { throw ParseError(line: line, message: "values nest too deeply") }
            guard let scalar = current else { throw ParseError(line: line, message: "expected a value") }
            switch scalar {
            case "\"":
                let text = try quoted()
                skip(newlines: false)
                // `"a" == b ? x : y` and the like: an expression after all.
                if let next = current, next != "\n" && next != "," && next != "]" && next != "}" && next != ")" {
                    return .expression("\"\(text)\"" + rest())
                }
                return .string(text)
            case "[":
                advance()
                var items: [Value] = []
                while true {
                    skip(newlines: true)
                    if current == "]" {
                        advance()
                        return .list(items)
                    }
                    guard current != nil else { throw ParseError(line: line, message: "a list is not closed with ]") }
                    items.append(try value())
                    skip(newlines: true)
                    if current == "," { advance() }
                }
            case "{":
                advance()
                var pairs: [(key: String, value: Value)] = []
                while true {
                    skip(newlines: true)
                    if current == "}" {
                        advance()
                        return .object(pairs)
                    }
                    guard current != nil else { throw ParseError(line: line, message: "an object is not closed with }") }
                    let key = current == "\"" ? try quoted() : identifier()
                    guard !key.isEmpty else { throw ParseError(line: line, message: "expected a key in an object") }
                    skip(newlines: false)
                    guard current == "=" || current == ":" else {
                        throw ParseError(line: line, message: "expected = after \(key)")
                    }
                    advance()
                    skip(newlines: false)
                    pairs.append((key, try value()))
                    skip(newlines: false)
                    if current == "," { advance() }
                }
            case "<" where peek(1) == "<":
                return try heredoc()
            default:
                let raw = rest()
                let trimmed = raw.trimmingCharacters(in: [" ", "\t", "\r"])
                if trimmed == "true" || trimmed == "false" { return .bool(trimmed == "true") }
                if !trimmed.isEmpty, trimmed.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) { return .number(trimmed) }
                return .expression(trimmed)
            }
        }

        /// The source text up to the end of the value: a newline, `,` or a closing bracket at depth 0.
        mutating func rest() -> String {
            var text = ""
            var nesting = 0
            var inString = false
            while let scalar = current {
                if inString {
                    if scalar == "\\" {
                        text.unicodeScalars.append(scalar)
                        advance()
                    } else if scalar == "\"" {
                        inString = false
                    }
                } else if scalar == "\"" {
                    inString = true
                } else if scalar == "(" || scalar == "[" || scalar == "{" {
                    nesting += 1
                } else if scalar == ")" || scalar == "]" || scalar == "}" {
                    if nesting == 0 { break }
                    nesting -= 1
                } else if nesting == 0 && (scalar == "\n" || scalar == ",") {
                    break
                }
                guard let next = current else { break }
                text.unicodeScalars.append(next)
                advance()
            }
            return text
        }

        /// A quoted string, escapes decoded, `${…}` kept as written (nested quotes included).
        mutating func quoted() throws(ParseError) -> String {
            let start = line
            advance()
            var text = ""
            var interpolation = 0
            while let scalar = current {
                if interpolation == 0 && scalar == "\"" {
                    advance()
                    return text
                }
                if scalar == "\n" && interpolation == 0 { break }
                if scalar == "\\" && interpolation == 0, let next = peek(1) {
                    advance()
                    advance()
                    switch next {
                    case "n": text += "\n"
                    case "t": text += "\t"
                    default: text.unicodeScalars.append(next)
                    }
                    continue
                }
                if scalar == "$" && peek(1) == "{" {
                    interpolation += 1
                    text += "${"
                    advance()
                    advance()
                    continue
                }
                if interpolation > 0 && scalar == "}" { interpolation -= 1 }
                text.unicodeScalars.append(scalar)
                advance()
            }
            throw ParseError(line: start, message: "a string is not closed with \"")
        }

        /// `<<EOT` or `<<-EOT` up to a line holding only the marker.
        mutating func heredoc() throws(ParseError) -> Value {
            let start = line
            advance()
            advance()
            if current == "-" { advance() }
            let marker = identifier()
            while let scalar = current, scalar != "\n" { advance() }
            advance()
            var lines: [String] = []
            var currentLine = ""
            while let scalar = current {
                advance()
                if scalar == "\n" {
                    if currentLine.trimmingCharacters(in: [" ", "\t"]) == marker {
                        return .string(lines.joined(separator: "\n"))
                    }
                    lines.append(currentLine)
                    currentLine = ""
                } else {
                    currentLine.unicodeScalars.append(scalar)
                }
            }
            if currentLine.trimmingCharacters(in: [" ", "\t"]) == marker { return .string(lines.joined(separator: "\n")) }
            throw ParseError(line: start, message: "heredoc \(marker) is not closed")
        }
    }
}
