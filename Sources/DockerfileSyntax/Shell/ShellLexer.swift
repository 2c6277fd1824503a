/// Word expansion and splitting with the semantics of BuildKit's shell lexer.
///
/// Handles quotes, the escape token (backslash or backtick), `$V`, `${V}`, and the modifiers
/// `:-  -  :+  +  :?  ?  #  ##  %  %%  /  //`. The options mirror BuildKit's `shell.Lex` fields.
/// See https://github.com/moby/buildkit/blob/master/frontend/dockerfile/shell/lex.go
public struct ShellLexer: Sendable {
    /// The escape token: `\` by default, `` ` `` after `# escape=``.
    public var escapeToken: Unicode.Scalar
    /// Keep quote characters in the output.
    public var rawQuotes = false
    /// Keep escape tokens in the output.
    public var rawEscapes = false
    /// Treat quote characters as ordinary characters.
    public var skipProcessQuotes = false
    /// Leave references to unset variables as written instead of expanding them to "".
    public var skipUnsetEnv = false

    /// The longest expansion of one word, in characters (1 Mi).
    public static let maximumExpansion = 1 << 20

    /// Creates a lexer for an escape token.
    public init(escapeToken: Unicode.Scalar = "\\") { self.escapeToken = escapeToken }

    /// The result of expanding one word.
    public struct Expansion: Sendable, Equatable {
        /// The expanded text, spaces kept.
        public var result: String
        /// The expanded text split into words on unquoted whitespace.
        public var words: [String]
        /// Variables that were referenced and set.
        public var matched: Set<String>
        /// Variables that were referenced but unset.
        public var unmatched: Set<String>
    }

    /// Expands `word` and reports which variables it used.
    /// - Throws: ``ShellExpansionError`` on bad substitutions, unmatched quotes or `${V?msg}`.
    public func expand(_ word: String, in environment: some ShellEnvironment) throws(ShellExpansionError) -> Expansion {
        var processor = ShellWordProcessor(lexer: self, source: word, environment: environment)
        do {
            let (result, words) = try processor.processStopOn(nil, rawEscapes: rawEscapes)
            return Expansion(
                result: RuneString(result).string, words: words, matched: processor.matched, unmatched: processor.unmatched)
        } catch {
            throw ShellExpansionError(message: error.message, source: word)
        }
    }

    /// Expands `word` (BuildKit's `ProcessWord`).
    public func processWord(_ word: String, in environment: some ShellEnvironment) throws(ShellExpansionError) -> String {
        try expand(word, in: environment).result
    }

    /// Expands and splits `word` (BuildKit's `ProcessWords`).
    public func processWords(_ word: String, in environment: some ShellEnvironment) throws(ShellExpansionError) -> [String] {
        try expand(word, in: environment).words
    }
}

/// The message part of an expansion failure, before the source is attached.
struct ShellFailure: Error {
    var message: String
}
