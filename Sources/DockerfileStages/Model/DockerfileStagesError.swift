import StagecraftReporting

/// A Dockerfile that parses but cannot form a valid set of stages.
public struct DockerfileStagesError: InputProblem, Sendable, Equatable {
    /// The 1-based line the problem is on.
    public var line: Int
    /// What is wrong, in BuildKit's words where BuildKit has them.
    public var message: String
    /// What to do about it.
    public var hint: String

    /// Creates an error.
    public init(line: Int, _ message: String, hint: String) {
        self.line = line
        self.message = message
        self.hint = hint
    }

    /// The file, when the caller has said which (``at(file:)``).
    public var file: String?
    public var position: SourcePosition { SourcePosition(file: file, line: line, column: 1) }
    public var problem: String { message }
    public var remedy: String? { hint }

    /// The same error, placed in `file`.
    public func at(file: String) -> DockerfileStagesError {
        var placed = self
        placed.file = file
        return placed
    }
}
