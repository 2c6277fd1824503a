/// Byte-level text helpers that reproduce Go's `unicode`, `unicode/utf8` and `strings` semantics.
///
/// BuildKit works on Go strings, which are byte sequences decoded rune by rune where needed. To
/// produce byte-for-byte the same trees, the parser works on `[UInt8]` and uses these helpers
/// wherever BuildKit calls the Go standard library.
/// See https://pkg.go.dev/unicode#IsSpace and https://pkg.go.dev/unicode/utf8#DecodeRune.
enum UTF8Rune {
    /// The Unicode replacement character Go returns for invalid UTF-8.
    static let replacement: UInt32 = 0xFFFD

    /// Decodes one rune at `index` the way `utf8.DecodeRune` does: an invalid or truncated
    /// sequence yields `(0xFFFD, 1)`.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (rune: UInt32, width: Int) {
        let b0 = bytes[index]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        let end = bytes.count
        func cont(_ offset: Int) -> UInt32? {
            guard index + offset < end else { return nil }
            let byte = bytes[index + offset]
            return byte & 0xC0 == 0x80 ? UInt32(byte & 0x3F) : nil
        }
        switch b0 {
        case 0xC2...0xDF:
            if let c1 = cont(1) { return ((UInt32(b0 & 0x1F) << 6) | c1, 2) }
        case 0xE0...0xEF:
            if let c1 = cont(1), let c2 = cont(2) {
                let rune = (UInt32(b0 & 0x0F) << 12) | (c1 << 6) | c2
                if rune >= 0x800 && !(0xD800...0xDFFF).contains(rune) { return (rune, 3) }
            }
        case 0xF0...0xF4:
            if let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) {
                let rune = (UInt32(b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3
                if (0x10000...0x10FFFF).contains(rune) { return (rune, 4) }
            }
        default:
            break
        }
        return (replacement, 1)
    }

    /// Decodes the last rune before `end` the way `utf8.DecodeLastRune` does.
    static func decodeLast(_ bytes: UnsafeBufferPointer<UInt8>, end: Int) -> (rune: UInt32, width: Int) {
        let last = bytes[end - 1]
        if last < 0x80 { return (UInt32(last), 1) }
        var start = end - 1
        let limit = max(0, end - 4)
        while start > limit && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        let decoded = decode(bytes, at: start)
        if start + decoded.width == end && decoded.rune != replacement { return decoded }
        if start + decoded.width == end && decoded.width == 3 { return decoded }  // a real U+FFFD
        return (replacement, 1)
    }

    /// `unicode.IsSpace`: ASCII `\t \n \v \f \r` and space, U+0085, U+00A0, and the Unicode
    /// White_Space characters of category Z.
    @inline(__always)
    static func isSpace(_ rune: UInt32) -> Bool {
        if rune < 0x80 { return rune == 0x20 || (rune >= 0x09 && rune <= 0x0D) }
        switch rune {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Appends the UTF-8 encoding of `rune` (what Go's `string(rune)` produces).
    @inline(__always)
    static func append<Sink: ByteSink & ~Copyable>(_ rune: UInt32, to out: inout Sink) {
        if rune < 0x80 {
            out.append(UInt8(truncatingIfNeeded: rune))
            return
        }
        appendMultibyte(rune, to: &out)
    }

    private static func appendMultibyte<Sink: ByteSink & ~Copyable>(_ rune: UInt32, to out: inout Sink) {
        let r = (0xD800...0xDFFF).contains(rune) || rune > 0x10FFFF ? replacement : rune
        switch r {
        case 0..<0x80:
            out.append(UInt8(r))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (r >> 6)))
            out.append(UInt8(0x80 | (r & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (r >> 12)))
            out.append(UInt8(0x80 | ((r >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (r & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (r >> 18)))
            out.append(UInt8(0x80 | ((r >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((r >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (r & 0x3F)))
        }
    }
}
