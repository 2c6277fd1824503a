/// The simple commands of a shell script (a RUN line or heredoc), split on `&&`, `||`, `;`, `|`,
/// `&` and newlines, with quotes removed from words and leading `NAME=value` assignments set
/// aside. Enough to recognise package-manager calls the way hadolint's rules do; not a full shell.
public struct ShellScript: Sendable, Equatable {
    /// One simple command.
    public struct Command: Sendable, Equatable {
        /// The command word (`apt-get`).
        public var name: String
        /// The words after it, quotes removed.
        public var arguments: [String]
        /// `NAME=value` assignments before the command word.
        public var assignments: [String]
        /// The operator that ended this command (`&&`, `|`, `;`, …), or nil at the end.
        public var terminator: String?

        /// Whether any argument equals one of `words`.
        public func has(_ words: String...) -> Bool { arguments.contains { words.contains($0) } }

        /// Arguments that are not flags (do not start with `-`).
        public var positional: [String] { arguments.filter { !$0.hasPrefix("-") } }

        /// Whether a short flag letter appears (alone `-y` or combined `-qy`) or a long flag does.
        public func hasFlag(short: Character? = nil, long: [String] = []) -> Bool {
            arguments.contains { argument in
                if long.contains(where: { argument == "--\($0)" || argument.hasPrefix("--\($0)=") }) { return true }
                guard let short, argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.count > 1 else { return false }
                return argument.dropFirst().contains(short)
            }
        }

        /// The arguments after the first one equal to `subcommand`.
        public func arguments(after subcommand: String) -> [String]? {
            guard let index = arguments.firstIndex(of: subcommand) else { return nil }
            return Array(arguments[(index + 1)...])
        }
    }

    /// The commands in order.
    public var commands: [Command]

    private static let keywords: Set<String> = [
        "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "time", "{", "}", "(", ")", "case", "esac",
    ]

    /// Splits `script` into commands.
    public init(_ script: String) {
        var commands: [Command] = []
        var words: [String] = []
        func finish(_ terminator: String?) {
            var rest = words[...]
            while let first = rest.first, Self.keywords.contains(first) { rest = rest.dropFirst() }
            if rest.first == "for" || rest.first == "select" {
                rest = []  // the loop header; its body follows after `do`
            }
            var assignments: [String] = []
            while let first = rest.first, Self.isAssignment(first) {
                assignments.append(first)
                rest = rest.dropFirst()
            }
            if let name = rest.first {
                commands.append(
                    Command(name: name, arguments: Array(rest.dropFirst()), assignments: assignments, terminator: terminator))
            }
            words = []
        }
        var tokenizer = Tokenizer(Array(script.utf8))
        // Inside `case WORD in`, the patterns before each `)` are not commands, and the `|`
        // between them is not a pipe.
        var inPatterns = false
        while let token = tokenizer.next() {
            switch token {
            case .word(let word):
                if inPatterns {
                    if word == "esac" {
                        inPatterns = false
                    } else if word.hasSuffix(")") {
                        inPatterns = false
                        words = []
                    }
                    continue
                }
                if word == "in", words.count >= 2, words[words.count - 2] == "case" {
                    words = []
                    inPatterns = true
                    continue
                }
                words.append(word)
            case .operator(let op):
                if inPatterns { continue }
                finish(op)
                if op == ";;" { inPatterns = true }
            }
        }
        finish(nil)
        self.commands = commands
    }

    /// Commands named `name`.
    public func commands(named name: String) -> [Command] { commands.filter { $0.name == name } }

    /// Whether a command named `name` runs.
    public func runs(_ name: String) -> Bool { commands.contains { $0.name == name } }

    static func isAssignment(_ word: String) -> Bool {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
        return word[..<equals].allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
    }

    enum Token: Equatable {
        case word(String)
        case `operator`(String)
    }

    /// Splits shell text into words and control operators, honouring quotes and escapes. Works on
    /// UTF-8 bytes: every byte with a meaning to the shell is ASCII.
    struct Tokenizer {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), cr = UInt8(ascii: "\r"),
            newline = UInt8(ascii: "\n")
        private static let semicolon = UInt8(ascii: ";"), ampersand = UInt8(ascii: "&"), pipe = UInt8(ascii: "|")

        mutating func next() -> Token? {
            while index < bytes.count, bytes[index] == Self.space || bytes[index] == Self.tab || bytes[index] == Self.cr {
                index += 1
            }
            guard index < bytes.count else { return nil }
            let byte = bytes[index]
            if byte == UInt8(ascii: "#") {
                while index < bytes.count && bytes[index] != Self.newline { index += 1 }
                return next()
            }
            let following: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
            switch byte {
            case Self.ampersand where following == Self.ampersand, Self.pipe where following == Self.pipe,
                Self.semicolon where following == Self.semicolon:
                index += 2
                return .operator(String(decoding: [byte, byte], as: UTF8.self))
            case Self.semicolon, Self.pipe, Self.ampersand, Self.newline:
                index += 1
                return .operator(String(decoding: [byte], as: UTF8.self))
            default:
                return .word(readWord())
            }
        }

        private mutating func readWord() -> String {
            var word: [UInt8] = []
            var depth = 0  // inside $( ... )
            while index < bytes.count {
                let byte = bytes[index]
                if depth == 0
                    && (byte == Self.space || byte == Self.tab || byte == Self.newline || byte == Self.cr
                        || byte == Self.semicolon
                        || byte == Self.ampersand || byte == Self.pipe)
                {
                    break
                }
                index += 1
                switch byte {
                case UInt8(ascii: "\\"):
                    if index < bytes.count {
                        if bytes[index] != Self.newline { word.append(bytes[index]) }
                        index += 1
                    }
                case UInt8(ascii: "'"):
                    while index < bytes.count && bytes[index] != UInt8(ascii: "'") {
                        word.append(bytes[index])
                        index += 1
                    }
                    index += 1
                case UInt8(ascii: "\""):
                    while index < bytes.count && bytes[index] != UInt8(ascii: "\"") {
                        if bytes[index] == UInt8(ascii: "\\") && index + 1 < bytes.count { index += 1 }
                        word.append(bytes[index])
                        index += 1
                    }
                    index += 1
                case UInt8(ascii: "("):
                    if word.last == UInt8(ascii: "$") { depth += 1 }
                    word.append(byte)
                case UInt8(ascii: ")"):
                    if depth > 0 { depth -= 1 }
                    word.append(byte)
                default:
                    word.append(byte)
                }
            }
            return String(decoding: word, as: UTF8.self)
        }
    }
}
