/// Decodes the JSON (exec) form of an instruction exactly as BuildKit does with Go's
/// `json.NewDecoder(...).Decode(&[]interface{})`.
///
/// The outcome decides the node's shape: a syntactically valid array of strings is exec form,
/// a valid array holding anything else is an error, and text that is not valid JSON falls back
/// to shell form. Like Go's decoder, only the first JSON value is read; text after it is ignored.
/// See https://pkg.go.dev/encoding/json#Decoder.Decode
enum ExecFormDecoder {
    enum Outcome: Equatable {
        /// The array's strings, each as an argument node.
        case strings([Node])
        case notStringArray
        case notJSON
    }

    private static let maxDepth = 10_000

    static func decode(_ text: ByteSlice) -> Outcome {
        text.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer)
            reader.skipWhitespace()
            guard reader.peek() == UInt8(ascii: "[") else { return .notJSON }
            reader.index += 1
            var strings: [Node] = []
            var allStrings = true
            reader.skipWhitespace()
            if reader.peek() == UInt8(ascii: "]") { return .strings([]) }
            while true {
                reader.skipWhitespace()
                if reader.peek() == UInt8(ascii: "\"") {
                    guard let string = reader.readString() else { return .notJSON }
                    strings.append(Node(value: string))
                } else {
                    guard reader.skipValue(depth: 1) else { return .notJSON }
                    allStrings = false
                }
                reader.skipWhitespace()
                switch reader.next() {
                case UInt8(ascii: ","): continue
                case UInt8(ascii: "]"): return allStrings ? .strings(strings) : .notStringArray
                default: return .notJSON
                }
            }
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func next() -> UInt8? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return bytes[index]
        }

        mutating func skipWhitespace() {
            while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            }
        }

        /// Skips any JSON value, checking its syntax.
        mutating func skipValue(depth: Int) -> Bool {
            guard depth <= ExecFormDecoder.maxDepth else { return false }
            skipWhitespace()
            guard let byte = peek() else { return false }
            switch byte {
            case UInt8(ascii: "\""): return readString() != nil
            case UInt8(ascii: "["): return skipContainer(close: UInt8(ascii: "]"), keyed: false, depth: depth)
            case UInt8(ascii: "{"): return skipContainer(close: UInt8(ascii: "}"), keyed: true, depth: depth)
            case UInt8(ascii: "t"): return skipLiteral("true")
            case UInt8(ascii: "f"): return skipLiteral("false")
            case UInt8(ascii: "n"): return skipLiteral("null")
            default: return skipNumber()
            }
        }

        mutating func skipContainer(close: UInt8, keyed: Bool, depth: Int) -> Bool {
            index += 1
            skipWhitespace()
            if peek() == close {
                index += 1
                return true
            }
            while true {
                skipWhitespace()
                if keyed {
                    guard peek() == UInt8(ascii: "\""), readString() != nil else { return false }
                    skipWhitespace()
                    guard next() == UInt8(ascii: ":") else { return false }
                }
                guard skipValue(depth: depth + 1) else { return false }
                skipWhitespace()
                switch next() {
                case UInt8(ascii: ","): continue
                case close: return true
                default: return false
                }
            }
        }

        mutating func skipLiteral(_ literal: String) -> Bool {
            let expected = Array(literal.utf8)
            guard index + expected.count <= bytes.count else { return false }
            for offset in 0..<expected.count where bytes[index + offset] != expected[offset] { return false }
            index += expected.count
            return true
        }

        mutating func skipNumber() -> Bool {
            func digits() -> Int {
                let start = index
                while let byte = peek(), byte >= 0x30 && byte <= 0x39 { index += 1 }
                return index - start
            }
            if peek() == UInt8(ascii: "-") { index += 1 }
            guard let first = peek(), first >= 0x30 && first <= 0x39 else { return false }
            if first == 0x30 { index += 1 } else { _ = digits() }
            if peek() == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { return false }
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                index += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { return false }
            }
            return true
        }

        /// Reads a JSON string at the opening quote and unquotes it as Go does: invalid UTF-8
        /// and unpaired surrogates become U+FFFD.
        mutating func readString() -> String? {
            index += 1
            // Most strings are plain ASCII with no escapes: those are their bytes as they stand.
            var end = index
            while end < bytes.count, case let byte = bytes[end], byte >= 0x20, byte < 0x80, byte != 0x22, byte != 0x5C {
                end += 1
            }
            if end < bytes.count && bytes[end] == 0x22 {
                defer { index = end + 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
            }
            var out: [UInt8] = []
            while true {
                guard let byte = next() else { return nil }
                switch byte {
                case UInt8(ascii: "\""):
                    return out.text
                case UInt8(ascii: "\\"):
                    guard readEscape(into: &out) else { return nil }
                case 0..<0x20:
                    return nil
                case 0x80...:
                    let (rune, width) = UTF8Rune.decode(bytes, at: index - 1)
                    UTF8Rune.append(rune, to: &out)
                    index += width - 1
                default:
                    out.append(byte)
                }
            }
        }

        mutating func readEscape(into out: inout [UInt8]) -> Bool {
            guard let escaped = next() else { return false }
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = readHex4() else { return false }
                var rune = unit
                if (0xD800..<0xDC00).contains(unit) {
                    let save = index
                    if next() == UInt8(ascii: "\\"), next() == UInt8(ascii: "u"), let low = readHex4(),
                        (0xDC00..<0xE000).contains(low)
                    {
                        rune = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        index = save
                        rune = UTF8Rune.replacement
                    }
                } else if (0xDC00..<0xE000).contains(unit) {
                    rune = UTF8Rune.replacement
                }
                UTF8Rune.append(rune, to: &out)
            default:
                return false
            }
            return true
        }

        mutating func readHex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                default: return nil
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }
    }
}
