/// Turns one logical line into an instruction node (BuildKit's `newNodeFromLine`).
struct NodeBuilder {
    let escape: UInt8

    /// The instruction on `line` (lines `startLine` to `endLine`), with the comments above it.
    func node(from line: ByteSlice, startLine: Int, endLine: Int, comments: [String])
        throws(DockerfileSyntaxError) -> Node
    {
        do {
            return try build(line, startLine: startLine, endLine: endLine, comments: comments)
        } catch {
            throw DockerfileSyntaxError(error.kind, error.message, hint: error.hint, line: startLine)
        }
    }

    private func build(_ line: ByteSlice, startLine: Int = 0, endLine: Int = 0, comments: [String] = [])
        throws(LineParseFailure) -> Node
    {
        let parts = SplitCommand.split(line)
        let keyword = parts.keyword
        let lowercased = goLowercased(keyword)
        let rest = parts.arguments
        let arguments: ParsedArguments
        switch LineParsers.style(for: lowercased) {
        case .maybeJSON: arguments = try LineParsers.parseMaybeJSON(rest)
        case .maybeJSONToList: arguments = try LineParsers.parseMaybeJSONToList(rest)
        case .nameOrNameVal: arguments = LineParsers.parseNameOrNameVal(rest, escape: escape)
        case .env: arguments = try LineParsers.parseNameVal(rest, keyword: "ENV", escape: escape)
        case .label: arguments = try LineParsers.parseNameVal(rest, keyword: "LABEL", escape: escape)
        case .whitespaceDelimited: arguments = LineParsers.parseWhitespaceDelimited(rest)
        case .healthConfig: arguments = try LineParsers.parseHealthConfig(rest)
        case .string: arguments = LineParsers.parseString(rest)
        case .subCommand:
            arguments =
                rest.isEmpty ? ParsedArguments() : ParsedArguments(next: [Node(value: "", children: [try build(rest[...])])])
        case .ignore: arguments = ParsedArguments(next: [Node(value: "")])
        }
        return Node(
            instruction: keyword, lowercased: lowercased, next: arguments.next, isJSON: arguments.isJSON,
            original: line.text, flags: parts.flags, startLine: startLine, endLine: endLine, comments: comments)
    }
}

extension Node {
    /// RUN, COPY and ADD in shell form (also inside ONBUILD) may open heredocs.
    var canContainHeredoc: Bool {
        if command == "onbuild" { return subcommand?.opensHeredocs ?? false }
        return opensHeredocs
    }

    private var opensHeredocs: Bool {
        let keyword = command
        return (keyword == "run" || keyword == "copy" || keyword == "add") && !isJSON
    }
}

/// Finds heredoc openers (`<<EOF`, `<<-EOF`, `3<<"EOF"`) in a line, as BuildKit's
/// `heredocsFromLine` and `ParseHeredoc` do.
enum HeredocScanner {
    static func heredocs(in line: ByteSlice) throws(ShellExpansionError) -> [Heredoc] {
        var lexer = ShellLexer(escapeToken: "\\")
        lexer.rawQuotes = true
        lexer.rawEscapes = true
        lexer.skipUnsetEnv = true
        let words = (try? lexer.processWords(line.text, in: EnvironmentList())) ?? []
        var found: [Heredoc] = []
        for word in words {
            if let heredoc = try heredoc(fromWord: word) { found.append(heredoc) }
        }
        return found
    }

    /// Matches `^(\d*)<<(-?)([^<]*)$` and reads the delimiter word.
    static func heredoc(fromWord word: String) throws(ShellExpansionError) -> Heredoc? {
        let bytes = Array(word.utf8)
        var index = 0
        while index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
        let digits = bytes[..<index]
        guard bytes.count >= index + 2, bytes[index] == 0x3C, bytes[index + 1] == 0x3C else { return nil }
        index += 2
        let chomp = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if chomp { index += 1 }
        let rest = bytes[index...]
        guard !rest.contains(0x3C), !rest.isEmpty else { return nil }
        let fileDescriptor = digits.isEmpty ? 0 : (UInt64(digits.text) ?? UInt64.max)

        var lexer = ShellLexer(escapeToken: "\\")
        lexer.skipUnsetEnv = true
        let restText = rest.text
        let words = try lexer.processWords(restText, in: EnvironmentList())
        guard words.count == 1 else { return nil }
        lexer.rawQuotes = true
        let rawWords = try lexer.processWords(restText, in: EnvironmentList())
        guard rawWords.count == words.count else {
            throw ShellExpansionError(
                message: "internal lexing of heredoc produced inconsistent results: \(restText)", source: restText)
        }
        func quotes(_ text: String) -> Int { text.utf8.count { $0 == 0x27 || $0 == 0x22 } }
        return Heredoc(
            name: words[0], fileDescriptor: fileDescriptor, expand: quotes(words[0]) == quotes(rawWords[0]),
            chomp: chomp, content: "")
    }
}
