/// Splits a logical line into keyword, `--flags` and arguments (BuildKit's `split_command.go`).
/// See https://github.com/moby/buildkit/blob/master/frontend/dockerfile/parser/split_command.go
enum SplitCommand {
    struct Parts {
        var keyword: String
        var flags: [String]
        var arguments: ByteSlice
    }

    static func split(_ line: ByteSlice) -> Parts {
        let buffer = line.buffer
        let leading = buffer.goSkipLeadingSpace(from: 0, to: buffer.count)
        let (start, end) = (
            line.startIndex + leading, line.startIndex + buffer.goSkipTrailingSpace(from: leading, to: buffer.count)
        )
        var split = start
        while split < end && !isSplitSpace(line[split]) { split += 1 }
        let keyword = line[start..<split].text
        var restStart = split
        while restStart < end && isSplitSpace(line[restStart]) { restStart += 1 }
        guard split < end else { return Parts(keyword: keyword, flags: [], arguments: line[end..<end]) }
        let rest = line[restStart..<end]
        // Fast path: when the first word does not start with `--` there are no flags.
        var first = restStart
        while first < end && isByteSpace(line[first]) { first += 1 }
        if !(end - first >= 2 && line[first] == UInt8(ascii: "-") && line[first + 1] == UInt8(ascii: "-")) {
            return Parts(keyword: keyword, flags: [], arguments: rest.goTrimmedSpaceSlice())
        }
        let (offset, flags) = extractFlags(rest.buffer)
        return Parts(keyword: keyword, flags: flags, arguments: rest[(rest.startIndex + offset)...].goTrimmedSpaceSlice())
    }

    /// Reads leading `--name=value` words. Quotes and backslashes are removed from the flags;
    /// BuildKit walks bytes here, so each non-ASCII byte is re-encoded as if it were a rune
    /// (Latin-1), and bytes 0x85 and 0xA0 count as spaces. A lone `--` ends the flags. Returns
    /// where the rest of the line starts (the count when nothing is left) and the flags.
    static func extractFlags(_ line: UnsafeBufferPointer<UInt8>) -> (rest: Int, flags: [String]) {
        // A flag word is at most the line, each byte re-encoded in at most two.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, line.count * 2)) { memory in
            // `memory` is never empty, so it has an address.
            extractFlags(line, word: UnsafeByteWriter(memory.baseAddress.unsafelyUnwrapped))
        }
    }

    private static func extractFlags(_ line: UnsafeBufferPointer<UInt8>, word: UnsafeByteWriter) -> (
        rest: Int, flags: [String]
    ) {
        var word = word
        enum Phase { case spaces, word, quote }
        var flags: [String] = []
        var phase = Phase.spaces
        var quote: UInt8 = 0
        var blankOK = false
        let dash = UInt8(ascii: "-")
        var isDoubleDash: Bool { word.count == 2 && word.base[0] == dash && word.base[1] == dash }
        var text: String { String(decoding: UnsafeBufferPointer(start: word.base, count: word.count), as: UTF8.self) }
        var position = 0
        var byte: UInt8 = 0
        func add(_ byte: UInt8) { UTF8Rune.append(UInt32(byte), to: &word) }
        /// Consumes a backslash: the byte it escapes, or nil when it ends the line.
        func escaped() -> UInt8? {
            position += 1
            return position == line.count ? nil : line[position]
        }
        while position <= line.count {
            if position != line.count { byte = line[position] }
            if phase == .spaces {
                if position == line.count { break }
                if isByteSpace(byte) {
                    position += 1
                    continue
                }
                if byte != dash || position + 1 == line.count || line[position + 1] != dash {
                    return (position, flags)
                }
                phase = .word
            }
            if position == line.count {
                if !isDoubleDash && (blankOK || word.count > 0) { flags.append(text) }
                break
            }
            if phase == .word {
                if isByteSpace(byte) {
                    phase = .spaces
                    if isDoubleDash { return (position, flags) }
                    if blankOK || word.count > 0 { flags.append(text) }
                    word.removeAll()
                    blankOK = false
                    position += 1
                    continue
                }
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    quote = byte
                    blankOK = true
                    phase = .quote
                    position += 1
                    continue
                }
                if byte == UInt8(ascii: "\\") {
                    guard let next = escaped() else { continue }
                    byte = next
                }
                add(byte)
                position += 1
                continue
            }
            if byte == quote {
                phase = .word
                position += 1
                continue
            }
            if byte == UInt8(ascii: "\\") {
                guard let next = escaped() else {
                    phase = .word
                    continue
                }
                byte = next
            }
            add(byte)
            position += 1
        }
        return (line.count, flags)
    }
}
