/// Recognises parser directives at the top of a Dockerfile, as BuildKit's `DirectiveParser`
/// does with `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`. The first line that is not a
/// directive (or names an unknown one) ends the directives for the rest of the file.
/// See https://github.com/moby/buildkit/blob/master/frontend/dockerfile/parser/directives.go
struct DirectiveScanner {
    static let known: Set<String> = ["syntax", "escape", "check"]

    private(set) var done = false
    private var seen: Set<String> = []
    private(set) var directives: [Directive] = []
    private(set) var escapeToken: UInt8 = UInt8(ascii: "\\")

    /// Looks at one line (newline removed). Throws for a repeated directive or a bad escape token.
    mutating func scan(_ line: ByteSlice, lineNumber: Int) throws(DockerfileSyntaxError) {
        if done { return }
        guard let (name, value) = Self.match(line), Self.known.contains(name) else {
            done = true
            return
        }
        guard seen.insert(name).inserted else {
            throw DockerfileSyntaxError(
                .duplicateDirective, "only one \(name) parser directive can be used",
                hint: "remove the repeated `# \(name)=` line", line: lineNumber)
        }
        if name == "escape" {
            guard value == "`" || value == "\\" else {
                throw DockerfileSyntaxError(
                    .invalidEscapeToken, "invalid escape token '\(value)' does not match ` or \\",
                    hint: "use `# escape=\\` or `# escape=``", line: lineNumber)
            }
            escapeToken = Array(value.utf8)[0]
        }
        directives.append(Directive(name: name, value: value, line: lineNumber))
    }

    /// Matches the directive pattern, returning the lower-cased name and the value.
    static func match(_ line: ByteSlice) -> (String, String)? {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D }
        func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
        var index = line.startIndex
        let end = line.endIndex
        guard index < end, line[index] == UInt8(ascii: "#") else { return nil }
        index += 1
        while index < end && isSpace(line[index]) { index += 1 }
        let nameStart = index
        guard index < end, isAlpha(line[index]) else { return nil }
        while index < end && (isAlpha(line[index]) || (line[index] >= 0x30 && line[index] <= 0x39)) { index += 1 }
        let name = line[nameStart..<index]
        while index < end && isSpace(line[index]) { index += 1 }
        guard index < end, line[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        guard index < end else { return nil }
        // `\s*(.+?)\s*$`: the value is the rest without surrounding whitespace; when the rest is
        // only whitespace the regex backtracks and the value is its last character.
        var valueStart = index
        while valueStart < end && isSpace(line[valueStart]) { valueStart += 1 }
        var valueEnd = end
        while valueEnd > valueStart && isSpace(line[valueEnd - 1]) { valueEnd -= 1 }
        if valueStart == valueEnd {
            valueStart = end - 1
            valueEnd = end
        }
        guard !line[valueStart..<valueEnd].contains(0x0A) else { return nil }
        return (goLowercased(name.text), line[valueStart..<valueEnd].text)
    }
}
