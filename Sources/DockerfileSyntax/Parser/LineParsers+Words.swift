extension LineParsers {
    /// Splits on unquoted whitespace, keeping quotes and escape tokens in the words (BuildKit's
    /// `parseWords`). Runes are decoded as Go does, so invalid UTF-8 becomes U+FFFD. The words
    /// are ranges of one array, so a line's words cost one allocation.
    static func parseWords(_ rest: ByteSlice, escape: UInt8) -> Words {
        enum Phase { case spaces, word, quote }
        var bounds: [Range<Int>] = []
        let buffer = rest.buffer
        // A byte read becomes at most three written (an invalid byte becomes U+FFFD).
        let output = [UInt8](unsafeUninitializedCapacity: buffer.count * 3) { memory, initialized in
            guard let base = memory.baseAddress else { return }
            var output = UnsafeByteWriter(base)
            defer { initialized = output.count }
            var phase = Phase.spaces
            var wordStart = 0
            var quote: UInt32 = 0
            var blankOK = false
            let count = buffer.count
            let escapeRune = UInt32(escape)
            var position = 0
            var rune: UInt32 = 0
            var width = 0
            while position <= count {
                if position != count { (rune, width) = UTF8Rune.decode(buffer, at: position) }
                if phase == .spaces {
                    if position == count { break }
                    if UTF8Rune.isSpace(rune) {
                        position += width
                        continue
                    }
                    phase = .word
                }
                if position == count {
                    if blankOK || output.count > wordStart { bounds.append(wordStart..<output.count) }
                    break
                }
                if phase == .word {
                    if UTF8Rune.isSpace(rune) {
                        phase = .spaces
                        if blankOK || output.count > wordStart { bounds.append(wordStart..<output.count) }
                        wordStart = output.count
                        blankOK = false
                        position += width
                        continue
                    }
                    if rune == 0x27 || rune == 0x22 {
                        quote = rune
                        blankOK = true
                        phase = .quote
                    }
                    if rune == escapeRune {
                        if position + width == count {
                            position += width
                            continue
                        }
                        UTF8Rune.append(rune, to: &output)
                        position += width
                        (rune, width) = UTF8Rune.decode(buffer, at: position)
                    }
                    UTF8Rune.append(rune, to: &output)
                    position += width
                    continue
                }
                // Inside quotes: the escape token escapes, except inside single quotes.
                if rune == quote { phase = .word }
                if rune == escapeRune && quote != 0x27 {
                    if position + width == count {
                        phase = .word
                        position += width
                        continue
                    }
                    position += width
                    UTF8Rune.append(rune, to: &output)
                    (rune, width) = UTF8Rune.decode(buffer, at: position)
                }
                UTF8Rune.append(rune, to: &output)
                position += width
            }
        }
        return Words(bytes: output, bounds: bounds)
    }

    /// The words of a line: their bytes one after another, and where each is.
    struct Words {
        let bytes: [UInt8]
        let bounds: [Range<Int>]

        /// Calls `body` with each word's bytes.
        func withEach<E: Error>(_ body: (ByteSlice) throws(E) -> Void) throws(E) {
            try bytes.withUnsafeBufferPointer { (buffer) throws(E) in
                for range in bounds { try body(buffer[range]) }
            }
        }

        /// Each word as text.
        var texts: [String] {
            bytes.withUnsafeBufferPointer { buffer in bounds.map { buffer[$0].text } }
        }
    }
}
