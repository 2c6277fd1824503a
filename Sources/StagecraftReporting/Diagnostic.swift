/// A finding any command reports: lint findings, image findings, failed gates. Renderers turn a
/// list of them into every format (``SARIF``, ``Checkstyle``, ``GitHubAnnotations``,
/// ``MarkdownSummary``); commands only say what they found.
public struct Diagnostic: Sendable, Equatable {
    public enum Severity: String, Sendable, Equatable {
        case error, warning, info, style
    }

    public var severity: Severity
    /// A stable code: a rule id (`copy-source-missing`), a threshold (`threshold/lowestEfficiency`).
    public var code: String
    public var message: String
    /// What to do about it, when known.
    public var hint: String?
    /// The file (a path, or an image name) and the lines.
    public var file: String
    public var line: Int
    public var endLine: Int
    public var column: Int

    public init(
        severity: Severity, code: String, message: String, hint: String? = nil, file: String, line: Int = 1,
        endLine: Int? = nil, column: Int = 1
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.hint = hint
        self.file = file
        self.line = line
        self.endLine = endLine ?? line
        self.column = column
    }
}

/// One pass/fail result, for the test-view formats (JUnit, Markdown): a threshold, a container
/// check, a build, a file's lint.
public struct CheckCase: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case pass
        /// Failed: a short message, the failure's type (a severity), and a longer text.
        case fail(message: String, type: String? = nil, detail: String? = nil)
        case skip(message: String)
        /// Passed, with something worth reading (shown as `system-out`).
        case note(String)
    }

    /// The group it belongs to (JUnit's classname).
    public var group: String
    public var name: String
    public var outcome: Outcome
    public var seconds: Double?

    public init(group: String, name: String, outcome: Outcome, seconds: Double? = nil) {
        self.group = group
        self.name = name
        self.outcome = outcome
        self.seconds = seconds
    }

    public var failed: Bool { if case .fail = outcome { true } else { false } }
    public var skipped: Bool { if case .skip = outcome { true } else { false } }
}

/// A named set of cases (JUnit's testsuite).
public struct CheckSuite: Sendable, Equatable {
    public var name: String
    public var cases: [CheckCase]
    public var seconds: Double?

    public init(name: String, cases: [CheckCase], seconds: Double? = nil) {
        self.name = name
        self.cases = cases
        self.seconds = seconds
    }
}
