#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Parses Dockerfiles into the same tree BuildKit's parser builds.
///
/// Handles parser directives, the escape token, line continuations (with comment and empty
/// lines inside them), comments, CRLF, a UTF-8 byte order mark, exec and shell forms, flags,
/// heredocs and ONBUILD. Output is checked against BuildKit's own test data and, differentially,
/// against BuildKit's parser.
/// See https://github.com/moby/buildkit/blob/master/frontend/dockerfile/parser/parser.go
public enum DockerfileParser {
    /// BuildKit reads lines with Go's `bufio.Scanner`, which fails on a line over 64 KiB.
    public static let maxLineBytes = 64 * 1024

    /// The thread stack the parser (and what walks its tree) needs for the deepest input BuildKit
    /// accepts: `ONBUILD ONBUILD ...` chains or `${a:-${a:-...}}` words on a 64 KiB line recurse
    /// past the small stacks of default threads. The address space is reserved, not committed.
    public static let recommendedStackSize = 1 << 30

    /// Parses UTF-8 text.
    /// - Throws: ``DockerfileSyntaxError`` for input BuildKit rejects.
    public static func parse(_ text: String) throws(DockerfileSyntaxError) -> ParsedDockerfile {
        try parse(Array(text.utf8))
    }

    /// Parses raw bytes.
    /// - Throws: ``DockerfileSyntaxError`` for input BuildKit rejects.
    public static func parse(_ source: [UInt8]) throws(DockerfileSyntaxError) -> ParsedDockerfile {
        var state = ParserState(source: source)
        var nodes: [Node] = []
        var parsed = try state.run { nodes.append($0) }
        parsed.nodes = nodes
        return parsed
    }

    /// Parses raw bytes, handing each instruction to `body` as soon as it is read and keeping
    /// none: memory stays near the size of the source, however long the file. The instructions
    /// handed over are final even if a later line is an error (which is then thrown).
    /// - Returns: what the parser learned besides the instructions (``ParsedDockerfile/nodes`` is
    ///   empty).
    /// - Throws: ``DockerfileSyntaxError`` for input BuildKit rejects.
    public static func forEachInstruction(_ source: [UInt8], _ body: (Node) -> Void) throws(DockerfileSyntaxError)
        -> ParsedDockerfile
    {
        var state = ParserState(source: source)
        return try state.run(body)
    }
}

/// One pass over the source, line by line, as BuildKit's `Parse` loop.
struct ParserState {
    let source: [UInt8]
    /// The source's bytes while ``run(_:)`` reads them.
    private var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// Line ranges, each including its `\n`, cut short at a line BuildKit's scanner cannot read.
    private var lines: [Range<Int>] = []
    private var lineTooLong: Int?
    private var cursor = 0
    private var currentLine = 0
    private var directives = DirectiveScanner()
    private var count = 0
    private var warnings: [ParseWarning] = []
    private var comments: [String] = []

    init(source: [UInt8]) {
        self.source = source
        (lines, lineTooLong) = source.withUnsafeBufferPointer { buffer in
            var lines: [Range<Int>] = []
            guard let base = buffer.baseAddress else { return (lines, nil) }
            lines.reserveCapacity(buffer.count / 32 + 1)
            var start = 0
            while start < buffer.count {
                // memchr finds each line end far faster than a loop over the bytes.
                let newline = memchr(base + start, 0x0A, buffer.count - start).map {
                    UnsafeRawPointer($0) - UnsafeRawPointer(base)
                }
                let end = newline.map { $0 + 1 } ?? buffer.count
                let limit = newline == nil ? DockerfileParser.maxLineBytes - 1 : DockerfileParser.maxLineBytes
                if end - start > limit { return (lines, lines.count + 1) }
                lines.append(start..<end)
                start = end
            }
            return (lines, nil)
        }
    }

    private mutating func nextLine() -> ByteSlice? {
        guard cursor < lines.count else { return nil }
        defer { cursor += 1 }
        return bytes[lines[cursor]]
    }

    /// Reads every instruction, handing each to `visit`; the result has no nodes.
    mutating func run(_ visit: (Node) -> Void) throws(DockerfileSyntaxError) -> ParsedDockerfile {
        let source = source
        return try source.withUnsafeBufferPointer { (buffer) throws(DockerfileSyntaxError) -> ParsedDockerfile in
            bytes = buffer
            defer { bytes = UnsafeBufferPointer(start: nil, count: 0) }
            return try readInstructions(visit)
        }
    }

    private mutating func readInstructions(_ visit: (Node) -> Void) throws(DockerfileSyntaxError) -> ParsedDockerfile {
        while var raw = nextLine() {
            if currentLine == 0 && raw.starts(with: [0xEF, 0xBB, 0xBF]) { raw = raw.dropFirst(3) }
            if Self.isComment(raw) { comments.append(Self.commentText(raw)) }
            let processed = try processLine(raw, stripLeadingSpace: true, lineNumber: currentLine + 1)
            currentLine += 1
            let startLine = currentLine
            let (first, firstEnds) = trimContinuation(processed)
            if firstEnds && first.isEmpty { continue }
            if firstEnds {
                try finish(first, startLine: startLine, hasEmptyContinuationLine: false, visit)
                continue
            }
            var joined = Array(first)
            var isEndOfLine = false
            var hasEmptyContinuationLine = false
            while !isEndOfLine, let continuation = nextLine() {
                let processedContinuation = try processLine(
                    continuation, stripLeadingSpace: false, lineNumber: currentLine + 1)
                currentLine += 1
                if Self.isComment(continuation) { continue }
                if Self.isBlank(processedContinuation) {
                    hasEmptyContinuationLine = true
                    continue
                }
                let (more, end) = trimContinuation(processedContinuation)
                joined.append(contentsOf: more)
                isEndOfLine = end
            }
            try joined.withUnsafeBufferPointer { (line) throws(DockerfileSyntaxError) in
                try finish(line[...], startLine: startLine, hasEmptyContinuationLine: hasEmptyContinuationLine, visit)
            }
        }
        guard count > 0 else {
            if let lineTooLong { throw Self.tooLong(lineTooLong) }
            throw DockerfileSyntaxError(
                .noInstructions, "file with no instructions",
                hint: "a Dockerfile needs at least one instruction, usually FROM", line: max(currentLine, 1))
        }
        if let lineTooLong { throw Self.tooLong(lineTooLong) }
        return ParsedDockerfile(
            nodes: [], escapeToken: Unicode.Scalar(directives.escapeToken),
            directives: directives.directives, warnings: warnings)
    }

    /// Makes the instruction of a logical line (continuations joined) that began on `startLine`,
    /// reads the heredocs it opens, and hands it to `visit`.
    private mutating func finish(
        _ line: ByteSlice, startLine: Int, hasEmptyContinuationLine: Bool, _ visit: (Node) -> Void
    ) throws(DockerfileSyntaxError) {
        if hasEmptyContinuationLine {
            warnings.append(
                ParseWarning(
                    kind: .emptyContinuationLine, line: startLine, message: "empty continuation line found in: \(line.text)"))
        }
        var node = try NodeBuilder(escape: directives.escapeToken).node(
            from: line, startLine: startLine, endLine: currentLine, comments: comments)
        if !comments.isEmpty { comments = [] }
        if line.containsHeredocMarker && node.canContainHeredoc {
            try readHeredocs(into: &node, line: line, startLine: startLine)
            node.endLine = currentLine
        }
        count += 1
        visit(node)
    }

    private static func tooLong(_ line: Int) -> DockerfileSyntaxError {
        DockerfileSyntaxError(
            .lineTooLong, "dockerfile line greater than max allowed size of \(DockerfileParser.maxLineBytes - 1)",
            hint: "split the line with line continuations", line: line)
    }

    /// Removes the line ending (and leading whitespace on a first line), checks for a directive,
    /// and blanks out a comment line.
    private mutating func processLine(_ raw: ByteSlice, stripLeadingSpace: Bool, lineNumber: Int)
        throws(DockerfileSyntaxError) -> ByteSlice
    {
        var token = raw.trimmingNewline()
        if stripLeadingSpace { token = token.trimmingLeadingSpace() }
        try directives.scan(token, lineNumber: lineNumber)
        if token.first == UInt8(ascii: "#") { return token[token.startIndex..<token.startIndex] }
        return token
    }

    /// Strips a trailing escape token (plus spaces and tabs) unless it is itself escaped.
    private func trimContinuation(_ line: ByteSlice) -> (ByteSlice, Bool) {
        let escape = directives.escapeToken
        var end = line.endIndex
        while end > line.startIndex && (line[end - 1] == 0x20 || line[end - 1] == 0x09) { end -= 1 }
        guard end > line.startIndex, line[end - 1] == escape else { return (line, true) }
        let escapeIndex = end - 1
        if escapeIndex == line.startIndex { return (line[escapeIndex..<escapeIndex], false) }
        if line[escapeIndex - 1] == escape { return (line, true) }
        return (line[line.startIndex..<escapeIndex], false)
    }

    /// Reads each heredoc body that the line opens, up to its terminator line.
    private mutating func readHeredocs(into node: inout Node, line: ByteSlice, startLine: Int)
        throws(DockerfileSyntaxError)
    {
        let heredocs: [Heredoc]
        do {
            heredocs = try HeredocScanner.heredocs(in: line)
        } catch {
            throw DockerfileSyntaxError(.heredocLexing, error.message, hint: "check the heredoc delimiter", line: startLine)
        }
        guard !heredocs.isEmpty else { return }
        var original = Array(line)
        original.append(0x0A)
        for var heredoc in heredocs {
            let terminator = Array(heredoc.name.utf8)
            var content: [UInt8] = []
            var terminated = false
            while let raw = nextLine() {
                currentLine += 1
                var candidate = raw.trimmingNewline()
                if heredoc.chomp { candidate = candidate.drop { $0 == 0x09 } }
                if candidate.elementsEqual(terminator) {
                    terminated = true
                    break
                }
                content.append(contentsOf: raw)
            }
            guard terminated else {
                if let lineTooLong { throw Self.tooLong(lineTooLong) }
                throw DockerfileSyntaxError(
                    .unterminatedHeredoc, "unterminated heredoc",
                    hint: "end the heredoc with a line containing only \(heredoc.name)", line: startLine)
            }
            heredoc.content = content.text
            original.append(contentsOf: content)
            original.append(contentsOf: terminator)
            original.append(0x0A)
            node.heredocs.append(heredoc)
        }
        node.original = original.text
    }

    static func isComment(_ raw: ByteSlice) -> Bool {
        raw.trimmingNewline().trimmingLeadingSpace().first == UInt8(ascii: "#")
    }

    static func isBlank(_ line: ByteSlice) -> Bool {
        line.trimmingNewline().trimmingLeadingSpace().isEmpty
    }

    static func commentText(_ raw: ByteSlice) -> String {
        raw.trimmingNewline().trimmingLeadingSpace().dropFirst().goTrimmedSpaceSlice().text
    }
}

extension ByteSlice {
    /// `bytes.TrimRight(s, "\r\n")`.
    func trimmingNewline() -> ByteSlice {
        var end = endIndex
        while end > startIndex && (self[end - 1] == 0x0A || self[end - 1] == 0x0D) { end -= 1 }
        return self[startIndex..<end]
    }

    /// `bytes.TrimLeftFunc(s, unicode.IsSpace)`.
    func trimmingLeadingSpace() -> ByteSlice {
        guard let first, first == 0x20 || (first >= 0x09 && first <= 0x0D) || first >= 0x80 else { return self }
        let offset = withUnsafeBufferPointer { $0.goSkipLeadingSpace(from: 0, to: $0.count) }
        return self[(startIndex + offset)...]
    }
}

extension ByteSlice {
    /// Whether the line could open a heredoc at all.
    var containsHeredocMarker: Bool {
        var index = startIndex + 1
        while index < endIndex {
            if self[index] == 0x3C && self[index - 1] == 0x3C { return true }
            index += 1
        }
        return false
    }
}
