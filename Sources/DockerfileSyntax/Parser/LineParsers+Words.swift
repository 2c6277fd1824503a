extension LineParsers {
    /// Splits on unquoted whitespace, keeping quotes and escape tokens in the words (BuildKit's
    /// `parseWords`). Runes are decoded as Go does, so invalid UTF-8 becomes U+FFFD.
    static func parseWords(_ rest: [UInt8], escape: UInt8) -> [[UInt8]] {
        enum Phase { case spaces, word, quote }
        return rest.withUnsafeBufferPointer { buffer in
            var words: [[UInt8]] = []
            var phase = Phase.spaces
            var word: [UInt8] = []
            word.reserveCapacity(min(buffer.count, 64))
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
                    if blankOK || !word.isEmpty { words.append(word) }
                    break
                }
                if phase == .word {
                    if UTF8Rune.isSpace(rune) {
                        phase = .spaces
                        if blankOK || !word.isEmpty { words.append(word) }
                        word = []
                        word.reserveCapacity(min(count - position, 64))
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
                        UTF8Rune.append(rune, to: &word)
                        position += width
                        (rune, width) = UTF8Rune.decode(buffer, at: position)
                    }
                    UTF8Rune.append(rune, to: &word)
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
                    UTF8Rune.append(rune, to: &word)
                    (rune, width) = UTF8Rune.decode(buffer, at: position)
                }
                UTF8Rune.append(rune, to: &word)
                position += width
            }
            return words
        }
    }
}
