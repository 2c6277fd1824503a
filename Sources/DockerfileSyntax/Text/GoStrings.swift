/// Go `strings`/`bytes` functions over byte slices, as BuildKit's parser uses them.
extension UnsafeBufferPointer<UInt8> {
    /// `bytes.TrimLeftFunc(s, unicode.IsSpace)`: the index of the first non-space rune.
    func goSkipLeadingSpace(from start: Int, to end: Int) -> Int {
        var index = start
        while index < end {
            let (rune, width) = UTF8Rune.decode(self, at: index)
            if !UTF8Rune.isSpace(rune) { break }
            index += width
        }
        return index
    }

    /// `bytes.TrimRightFunc(s, unicode.IsSpace)`: the end index after trailing spaces are removed.
    func goSkipTrailingSpace(from start: Int, to end: Int) -> Int {
        var index = end
        while index > start {
            if self[index - 1] < 0x80 {
                let byte = self[index - 1]
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { index -= 1; continue }
                break
            }
            let slice = UnsafeBufferPointer(rebasing: self[start..<index])
            let (rune, width) = UTF8Rune.decodeLast(slice, end: slice.count)
            if !UTF8Rune.isSpace(rune) { break }
            index -= width
        }
        return index
    }
}

/// The whitespace class BuildKit splits on: `[\t\v\f\r ]` (no newline).
@inline(__always)
func isSplitSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C || byte == 0x0D
}

/// Go's `unicode.IsSpace(rune(b))` applied to a single byte, as BuildKit does in places that
/// index strings byte by byte (bytes 0x85 and 0xA0 count as space there).
@inline(__always)
func isByteSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || byte == 0x85 || byte == 0xA0
}

extension RandomAccessCollection where Element == UInt8, Index == Int {
    /// Splits on runs of `[\t\v\f\r ]`, like `reWhitespace.Split(s, n)` in BuildKit. `limit`
    /// follows Go's `n`: a positive value caps the number of parts.
    func splitOnWhitespace(limit: Int = -1) -> [SubSequence] {
        var parts: [SubSequence] = []
        var start = startIndex
        var index = startIndex
        while index < endIndex {
            if isSplitSpace(self[index]) {
                if limit > 0 && parts.count == limit - 1 { break }
                var runEnd = index
                while runEnd < endIndex && isSplitSpace(self[runEnd]) { runEnd += 1 }
                parts.append(self[start..<index])
                start = runEnd
                index = runEnd
                continue
            }
            index += 1
        }
        parts.append(self[start..<endIndex])
        return parts
    }
}

extension Array where Element == UInt8 {
    /// `strings.TrimSpace`.
    func goTrimSpace() -> [UInt8] { self[...].goTrimmedSpace() }

    /// The text as a Swift string; invalid UTF-8 becomes U+FFFD.
    var text: String { String(decoding: self, as: UTF8.self) }
}

extension ArraySlice where Element == UInt8 {
    /// `strings.TrimSpace`, copying once.
    func goTrimmedSpace() -> [UInt8] {
        withUnsafeBufferPointer { buffer in
            let start = buffer.goSkipLeadingSpace(from: 0, to: buffer.count)
            let end = buffer.goSkipTrailingSpace(from: start, to: buffer.count)
            return Array(buffer[start..<end])
        }
    }

    /// The text as a Swift string; invalid UTF-8 becomes U+FFFD.
    var text: String { String(decoding: self, as: UTF8.self) }
}

/// A run of the source's bytes as the parser reads them: a slice of a buffer that stays put
/// while a file is parsed. Unlike an `ArraySlice`, making and dropping one costs no reference
/// counting, and the parser makes several per line.
typealias ByteSlice = Slice<UnsafeBufferPointer<UInt8>>

extension ByteSlice {
    /// The bytes as a buffer of their own (same memory).
    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: self) }

    /// Calls `body` with the bytes as a buffer (as an `ArraySlice` offers).
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R { try body(buffer) }

    /// `strings.TrimSpace`, as a slice of the same bytes (no copy).
    func goTrimmedSpaceSlice() -> ByteSlice {
        let bytes = buffer
        let start = bytes.goSkipLeadingSpace(from: 0, to: bytes.count)
        let end = bytes.goSkipTrailingSpace(from: start, to: bytes.count)
        return self[(startIndex + start)..<(startIndex + end)]
    }

    /// The text as a Swift string; invalid UTF-8 becomes U+FFFD.
    var text: String { String(decoding: buffer, as: UTF8.self) }
}
