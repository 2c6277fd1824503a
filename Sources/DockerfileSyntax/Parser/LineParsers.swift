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

    /// The dispatch table: lower-case keyword to argument style.
    static func style(for command: String) -> Style {
        switch command {
        case "add", "copy", "volume": .maybeJSONToList
        case "arg": .nameOrNameVal
        case "cmd", "entrypoint", "run", "shell": .maybeJSON
        case "env": .env
        case "label": .label
        case "expose", "from": .whitespaceDelimited
        case "healthcheck": .healthConfig
        case "maintainer", "stopsignal", "user", "workdir": .string
        case "onbuild": .subCommand
        default: .ignore
        }
    }

    static func values(_ parts: [ByteSlice]) -> [Node] { parts.map { Node(value: $0.text) } }
    static func values(_ parts: [ArraySlice<UInt8>]) -> [Node] { parts.map { Node(value: $0.text) } }
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
            return ParsedArguments(next: strings.map { Node(value: $0) }, isJSON: true)
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
        ParsedArguments(next: values(parseWords(rest, escape: escape)))
    }

    /// ENV and LABEL: `k=v ...` gives key, value, "=" triples; the legacy `k v` form gives
    /// key, rest of line, "".
    static func parseNameVal(_ rest: ByteSlice, keyword: String, escape: UInt8) throws(LineParseFailure)
        -> ParsedArguments
    {
        let words = parseWords(rest, escape: escape)
        guard let first = words.first else { return ParsedArguments() }
        let equals = UInt8(ascii: "=")
        if !first.contains(equals) {
            let parts = rest.splitOnWhitespace(limit: 2)
            guard parts.count == 2 else {
                throw LineParseFailure(
                    kind: .missingArguments, message: "\(keyword) must have two arguments",
                    hint: "write `\(keyword) name=value` (or the legacy `\(keyword) name value`)")
            }
            return ParsedArguments(next: values(parts) + [Node(value: "")])
        }
        var nodes: [Node] = []
        nodes.reserveCapacity(words.count * 3)
        for word in words {
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
