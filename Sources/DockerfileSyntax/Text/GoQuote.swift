/// Go's `strconv.Quote`, used by BuildKit's tree dump and in some of its error messages.
/// See https://pkg.go.dev/strconv#Quote
func goQuote(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = [UInt8(ascii: "\"")]
    let hex = Array("0123456789abcdef".utf8)
    func appendHex(_ value: UInt32, digits: Int) {
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            out.append(hex[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
    bytes.withUnsafeBufferPointer { buffer in
        var index = 0
        while index < buffer.count {
            let (rune, width) = UTF8Rune.decode(buffer, at: index)
            defer { index += width }
            if width == 1 && rune == UTF8Rune.replacement {
                out.append(contentsOf: Array("\\x".utf8))
                appendHex(UInt32(buffer[index]), digits: 2)
                continue
            }
            if rune == 0x22 || rune == 0x5C {
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(rune))
                continue
            }
            if isGoPrintable(rune) {
                for offset in 0..<width { out.append(buffer[index + offset]) }
                continue
            }
            switch rune {
            case 0x07: out.append(contentsOf: Array("\\a".utf8))
            case 0x08: out.append(contentsOf: Array("\\b".utf8))
            case 0x0C: out.append(contentsOf: Array("\\f".utf8))
            case 0x0A: out.append(contentsOf: Array("\\n".utf8))
            case 0x0D: out.append(contentsOf: Array("\\r".utf8))
            case 0x09: out.append(contentsOf: Array("\\t".utf8))
            case 0x0B: out.append(contentsOf: Array("\\v".utf8))
            case 0..<0x20, 0x7F:
                out.append(contentsOf: Array("\\x".utf8))
                appendHex(rune, digits: 2)
            case 0..<0x10000:
                out.append(contentsOf: Array("\\u".utf8))
                appendHex(rune, digits: 4)
            default:
                out.append(contentsOf: Array("\\U".utf8))
                appendHex(rune, digits: 8)
            }
        }
    }
    out.append(UInt8(ascii: "\""))
    return out.text
}

/// Go's `strconv.Quote` of a Swift string.
func goQuote(_ text: String) -> String { goQuote(Array(text.utf8)) }

/// `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
func isGoPrintable(_ rune: UInt32) -> Bool {
    if rune < 0x80 { return rune >= 0x20 && rune < 0x7F }
    guard let scalar = Unicode.Scalar(rune) else { return false }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
        .nonspacingMark, .spacingMark, .enclosingMark,
        .decimalNumber, .letterNumber, .otherNumber,
        .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
        .initialPunctuation, .finalPunctuation, .otherPunctuation,
        .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
        return true
    default:
        return false
    }
}
