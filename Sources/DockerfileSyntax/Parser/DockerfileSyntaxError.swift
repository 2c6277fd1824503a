import StagecraftReporting

/// A Dockerfile that BuildKit's parser rejects, with where and why.
///
/// The ``message`` matches BuildKit's own wording so users can search for it; ``hint`` says
/// what to do. ``line`` and ``column`` are 1-based.
public struct DockerfileSyntaxError: InputProblem, Sendable, Equatable {
    /// What kind of problem BuildKit reports.
    public enum Kind: String, Sendable, Equatable {
        case noInstructions
        case duplicateDirective
        case invalidEscapeToken
        case missingArguments
        case missingEquals
        case jsonNotStringArray
        case unterminatedHeredoc
        case heredocLexing
        case lineTooLong
    }

    /// The kind of problem.
    public var kind: Kind
    /// BuildKit's message for it.
    public var message: String
    /// What the user can do about it.
    public var hint: String
    /// The 1-based line the problem starts on.
    public var line: Int
    /// The 1-based column the problem starts at.
    public var column: Int

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, hint: String, line: Int, column: Int = 1) {
        self.kind = kind
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column
    }

    /// The line and column; callers that know the file add it (``at(file:)``).
    public var position: SourcePosition { SourcePosition(file: file, line: line, column: column) }
    public var problem: String { message }
    public var remedy: String? { hint }
    /// The file, when the caller has said which (``at(file:)``).
    public var file: String?

    /// The same error, placed in `file`.
    public func at(file: String) -> DockerfileSyntaxError {
        var placed = self
        placed.file = file
        return placed
    }
}
