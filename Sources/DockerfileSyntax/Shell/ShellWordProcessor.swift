/// The state of one expansion: a rune scanner over the source plus the variables seen.
///
/// Mirrors BuildKit's `shellWord`, including its quirk that nested `${...}` processing resets
/// the shared word buffer.
struct ShellWordProcessor<Environment: ShellEnvironment> {
    let lexer: ShellLexer
    let environment: Environment
    private let runes: [UInt32]
    var position = 0
    private var rawEscapes: Bool
    private var wordsBuffer: [UInt32] = []
    var matched: Set<String> = []
    var unmatched: Set<String> = []

    init(lexer: ShellLexer, source: String, environment: Environment) {
        self.lexer = lexer
        self.environment = environment
        self.rawEscapes = lexer.rawEscapes
        var runes = source.unicodeScalars.map(\.value)
        if runes.first == 0xFEFF { runes.removeFirst() }  // text/scanner skips a leading BOM
        self.runes = runes
    }

    private var escape: UInt32 { lexer.escapeToken.value }

    func peek() -> UInt32? { position < runes.count ? runes[position] : nil }

    mutating func next() -> UInt32? {
        guard position < runes.count else { return nil }
        defer { position += 1 }
        return runes[position]
    }

    /// Processes until `stop` (or the end when `nil`), returning the text and its words.
    /// Nested calls (inside `${...}`) pass `collectWords: false`: BuildKit throws their words
    /// away, and only clears the shared word buffer, which this does too.
    mutating func processStopOn(_ stop: UInt32?, rawEscapes: Bool, collectWords: Bool = true) throws(ShellFailure)
        -> ([UInt32], [String])
    {
        var result: [UInt32] = []
        result.reserveCapacity(min(runes.count - position, 256))
        wordsBuffer.removeAll(keepingCapacity: true)
        var words: [String] = []
        var inWord = false
        let saved = self.rawEscapes
        self.rawEscapes = rawEscapes
        defer { self.rawEscapes = saved }

        func flushWord(_ buffer: inout [UInt32]) {
            if collectWords && !buffer.isEmpty {
                words.append(RuneString(buffer).string)
                buffer.removeAll(keepingCapacity: true)
            }
            inWord = false
        }
        func addChar(_ rune: UInt32, _ buffer: inout [UInt32]) {
            guard collectWords else { return }
            let space = UTF8Rune.isSpace(rune)
            if space && inWord {
                if !buffer.isEmpty { flushWord(&buffer) }
            } else if !space {
                buffer.append(rune)
                inWord = true
            }
        }

        while let rune = peek() {
            if let stop, rune == stop {
                position += 1
                flushWord(&wordsBuffer)
                return (result, words)
            }
            let quotes = !lexer.skipProcessQuotes
            if rune == 0x24 || (quotes && (rune == 0x27 || rune == 0x22)) {
                let expanded: [UInt32]
                switch rune {
                case 0x24: expanded = try processDollar()
                case 0x27: expanded = try processSingleQuote()
                default: expanded = try processDoubleQuote()
                }
                result.append(contentsOf: expanded)
                try checkSize(result.count)
                if rune == 0x24 {
                    for character in expanded { addChar(character, &wordsBuffer) }
                } else if collectWords {
                    wordsBuffer.append(contentsOf: expanded)
                    inWord = true
                }
                continue
            }
            position += 1
            var character = rune
            if character == escape {
                if self.rawEscapes {
                    if collectWords {
                        wordsBuffer.append(character)
                        inWord = true
                    }
                    result.append(character)
                }
                guard let escaped = next() else { break }
                character = escaped
                if collectWords {
                    wordsBuffer.append(character)
                    inWord = true
                }
            } else {
                addChar(character, &wordsBuffer)
            }
            result.append(character)
        }
        if let stop {
            let stopText = RuneString([stop]).string
            throw ShellFailure(message: "unexpected end of statement while looking for matching \(stopText)")
        }
        flushWord(&wordsBuffer)
        if !collectWords { wordsBuffer.removeAll(keepingCapacity: true) }
        return (result, words)
    }

    mutating func processSingleQuote() throws(ShellFailure) -> [UInt32] {
        var result: [UInt32] = []
        if let open = next(), lexer.rawQuotes { result.append(open) }
        while true {
            guard let rune = next() else {
                throw ShellFailure(message: "unexpected end of statement while looking for matching single-quote")
            }
            if rune == 0x27 {
                if lexer.rawQuotes { result.append(rune) }
                return result
            }
            result.append(rune)
        }
    }

    mutating func processDoubleQuote() throws(ShellFailure) -> [UInt32] {
        var result: [UInt32] = []
        if let open = next(), lexer.rawQuotes { result.append(open) }
        while true {
            guard let rune = peek() else {
                throw ShellFailure(message: "unexpected end of statement while looking for matching double-quote")
            }
            switch rune {
            case 0x22:
                position += 1
                if lexer.rawQuotes { result.append(rune) }
                return result
            case 0x24:
                result.append(contentsOf: try processDollar())
                try checkSize(result.count)
            default:
                position += 1
                var character = rune
                if character == escape {
                    if rawEscapes { result.append(character) }
                    guard let following = peek() else { continue }
                    if following == 0x22 || following == 0x24 || following == escape {
                        position += 1
                        character = following
                    }
                }
                result.append(character)
            }
        }
    }

    /// Stops an expansion that grows past ``ShellLexer/maximumExpansion`` characters: values
    /// built from doubled variables over many ARG or ENV lines would otherwise exhaust memory.
    func checkSize(_ count: Int) throws(ShellFailure) {
        guard count <= ShellLexer.maximumExpansion else {
            throw ShellFailure(
                message: "the expansion grows past \(ShellLexer.maximumExpansion) characters (variables that double each other?)")
        }
    }

    /// Looks a variable up, recording whether it was set.
    mutating func lookup(_ name: String) -> String? {
        if let value = environment.value(of: name) {
            matched.insert(name)
            return value
        }
        unmatched.insert(name)
        return nil
    }
}

/// A growable run of Unicode scalars that becomes a `String`.
struct RuneString {
    private(set) var runes: [UInt32]

    init(_ runes: [UInt32] = []) { self.runes = runes }

    mutating func append(_ rune: UInt32) { runes.append(rune) }
    mutating func reserve(_ count: Int) { runes.reserveCapacity(count) }
    mutating func append(_ more: [UInt32]) { runes.append(contentsOf: more) }

    var string: String {
        var view = String.UnicodeScalarView()
        for rune in runes { view.append(Unicode.Scalar(rune) ?? "\u{FFFD}") }
        return String(view)
    }
}

extension String {
    var runes: [UInt32] { unicodeScalars.map(\.value) }
}
