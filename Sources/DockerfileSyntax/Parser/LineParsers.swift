/// BuildKit's per-instruction argument parsers (its `line_parsers.go`), over bytes.
///
/// Each turns the text after the keyword and flags into the instruction's argument nodes.
/// See https://github.com/moby/buildkit/blob/master/frontend/dockerfile/parser/line_parsers.go
struct ParsedArguments {
    var next: [Node] = []
    var isJSON = false
}

/// Why a line parser rejected its arguments; the parser adds the location.
struct LineParseFailure: Error {
    var kind: DockerfileSyntaxError.Kind
    var message: String
    var hint: String
}

enum LineParsers {
    enum Style {
        case maybeJSON, maybeJSONToList, nameOrNameVal, env, label, whitespaceDelimited
        case healthConfig, string, subCommand, ignore
    }

    /// The dispatch table: lower-case keyword to argument style. Length and first letter pick the
    /// one keyword a command can be, so each line costs one comparison.
    static func style(for command: String) -> Style {
        let utf8 = command.utf8
        guard let first = utf8.first else { return .ignore }
        func matches(_ keyword: String, _ style: Style) -> Style { command == keyword ? style : .ignore }
        switch (utf8.count, first) {
        case (3, UInt8(ascii: "a")):
            return command == "add" ? .maybeJSONToList : matches("arg", .nameOrNameVal)
        case (3, UInt8(ascii: "c")): return matches("cmd", .maybeJSON)
        case (3, UInt8(ascii: "e")): return matches("env", .env)
        case (3, UInt8(ascii: "r")): return matches("run", .maybeJSON)
        case (4, UInt8(ascii: "c")): return matches("copy", .maybeJSONToList)
        case (4, UInt8(ascii: "f")): return matches("from", .whitespaceDelimited)
        case (4, UInt8(ascii: "u")): return matches("user", .string)
        case (5, UInt8(ascii: "l")): return matches("label", .label)
        case (5, UInt8(ascii: "s")): return matches("shell", .maybeJSON)
        case (6, UInt8(ascii: "e")): return matches("expose", .whitespaceDelimited)
        case (6, UInt8(ascii: "v")): return matches("volume", .maybeJSONToList)
        case (7, UInt8(ascii: "o")): return matches("onbuild", .subCommand)
        case (7, UInt8(ascii: "w")): return matches("workdir", .string)
        case (10, UInt8(ascii: "e")): return matches("entrypoint", .maybeJSON)
        case (10, UInt8(ascii: "m")): return matches("maintainer", .string)
        case (10, UInt8(ascii: "s")): return matches("stopsignal", .string)
        case (11, UInt8(ascii: "h")): return matches("healthcheck", .healthConfig)
        default: return .ignore
        }
    }

    static func values(_ parts: [ByteSlice]) -> [Node] { parts.map { Node(value: $0.text) } }
    static func values(_ parts: [[UInt8]]) -> [Node] { parts.map { Node(value: $0.text) } }

    static func parseString(_ rest: ByteSlice) -> ParsedArguments {
        rest.isEmpty ? ParsedArguments() : ParsedArguments(next: [Node(value: rest.text)])
    }

    static func parseWhitespaceDelimited(_ rest: ByteSlice) -> ParsedArguments {
        rest.isEmpty ? ParsedArguments() : ParsedArguments(next: values(rest.splitOnWhitespace()))
    }

    static func parseJSON(_ rest: ByteSlice) throws(LineParseFailure) -> ParsedArguments? {
        switch ExecFormDecoder.decode(rest) {
        case .strings(let strings):
            return ParsedArguments(next: strings, isJSON: true)
        case .notStringArray:
            throw LineParseFailure(
                kind: .jsonNotStringArray,
                message: "when using JSON array syntax, arrays must be comprised of strings only",
                hint: "quote every element of the exec-form array, or write the instruction in shell form")
        case .notJSON:
            return nil
        }
    }

    static func parseMaybeJSON(_ rest: ByteSlice) throws(LineParseFailure) -> ParsedArguments {
        if rest.isEmpty { return ParsedArguments() }
        if let json = try parseJSON(rest) { return json }
        return ParsedArguments(next: [Node(value: rest.text)])
    }

    static func parseMaybeJSONToList(_ rest: ByteSlice) throws(LineParseFailure) -> ParsedArguments {
        if let json = try parseJSON(rest) { return json }
        return parseWhitespaceDelimited(rest)
    }

    /// HEALTHCHECK: the first word (NONE or CMD) then a maybe-JSON command. BuildKit scans this
    /// byte by byte, so bytes 0x85 and 0xA0 count as spaces here.
    static func parseHealthConfig(_ rest: ByteSlice) throws(LineParseFailure) -> ParsedArguments {
        var separator = rest.startIndex
        while separator < rest.endIndex && !isByteSpace(rest[separator]) { separator += 1 }
        var next = separator
        while next < rest.endIndex && isByteSpace(rest[next]) { next += 1 }
        if separator == rest.startIndex { return ParsedArguments() }
        let command = try parseMaybeJSON(rest[next...])
        return ParsedArguments(next: [Node(value: rest[..<separator].text)] + command.next, isJSON: command.isJSON)
    }

    /// ARG: every word as written, quotes kept.
    static func parseNameOrNameVal(_ rest: ByteSlice, escape: UInt8) -> ParsedArguments {
        ParsedArguments(next: parseWords(rest, escape: escape).texts.map { Node(value: $0) })
    }

    /// ENV and LABEL: `k=v ...` gives key, value, "=" triples; the legacy `k v` form gives
    /// key, rest of line, "".
    static func parseNameVal(_ rest: ByteSlice, keyword: String, escape: UInt8) throws(LineParseFailure)
        -> ParsedArguments
    {
        let words = parseWords(rest, escape: escape)
        guard let first = words.bounds.first else { return ParsedArguments() }
        let equals = UInt8(ascii: "=")
        if !words.bytes[first].contains(equals) {
            let parts = rest.splitOnWhitespace(limit: 2)
            guard parts.count == 2 else {
                throw LineParseFailure(
                    kind: .missingArguments, message: "\(keyword) must have two arguments",
                    hint: "write `\(keyword) name=value` (or the legacy `\(keyword) name value`)")
            }
            return ParsedArguments(next: values(parts) + [Node(value: "")])
        }
        var nodes: [Node] = []
        nodes.reserveCapacity(words.bounds.count * 3)
        try words.withEach { (word) throws(LineParseFailure) in
            guard let split = word.firstIndex(of: equals) else {
                throw LineParseFailure(
                    kind: .missingEquals,
                    message: "Syntax error - can't find = in \(goQuote(Array(word))). Must be of the form: name=value",
                    hint: "give every word of \(keyword) the form name=value, or quote values that contain spaces")
            }
            nodes.append(Node(value: word[..<split].text))
            nodes.append(Node(value: word[(split + 1)...].text))
            nodes.append(Node(value: "="))
        }
        return ParsedArguments(next: nodes)
    }
}
