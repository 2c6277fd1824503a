/// A Dockerfile that parses but cannot form a valid set of stages.
public struct DockerfileStagesError: Error, Sendable, Equatable, CustomStringConvertible {
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

    public var description: String { "\(line):1: error: \(message); \(hint)" }
}
