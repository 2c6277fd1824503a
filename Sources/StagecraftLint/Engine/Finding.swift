/// One problem found in a file.
public struct Finding: Sendable, Equatable {
    /// The rule that found it.
    public var ruleID: String
    /// The severity after configuration.
    public var severity: Severity
    /// What is wrong, for people.
    public var message: String
    /// The file, as given on the command line or found in a folder.
    public var file: String
    /// The first line, 1-based.
    public var line: Int
    /// The last line (a multi-line instruction spans several).
    public var endLine: Int
    /// The 1-based column, when known.
    public var column: Int
    /// A safe, mechanical repair, if the rule has one for this finding.
    public var fix: Fix?
    /// A rewrite for the person to consider, when the repair needs judgement.
    public var suggestion: String?

    /// Creates a finding.
    public init(
        ruleID: String, severity: Severity, message: String, file: String, line: Int, endLine: Int? = nil,
        column: Int = 1, fix: Fix? = nil, suggestion: String? = nil
    ) {
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.endLine = endLine ?? line
        self.column = column
        self.fix = fix
        self.suggestion = suggestion
    }
}

/// Byte-range replacements in one file that repair a finding.
public struct Fix: Sendable, Equatable {
    /// One replacement: the UTF-8 byte range of the original file, and its new text.
    public struct Edit: Sendable, Equatable {
        public var range: Range<Int>
        public var replacement: String

        public init(range: Range<Int>, replacement: String) {
            self.range = range
            self.replacement = replacement
        }
    }

    /// What the fix does, for people.
    public var title: String
    /// The replacements; they never overlap.
    public var edits: [Edit]

    public init(title: String, edits: [Edit]) {
        self.title = title
        self.edits = edits
    }
}
