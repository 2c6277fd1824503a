/// The result of parsing a Dockerfile: its instructions plus what the parser learned on the way.
public struct ParsedDockerfile: Sendable, Equatable {
    /// Top-level instruction nodes in file order.
    public var nodes: [Node]
    /// The escape token in force (`\` or `` ` ``).
    public var escapeToken: Unicode.Scalar
    /// Parser directives found at the top of the file (`syntax`, `escape`, `check`).
    public var directives: [Directive]
    /// Lines BuildKit warns about but accepts.
    public var warnings: [ParseWarning]

    /// The value of a directive, if present.
    public func directive(_ name: String) -> Directive? { directives.first { $0.name == name } }
}

/// A parser directive such as `# syntax=docker/dockerfile:1`.
/// See https://docs.docker.com/reference/dockerfile/#parser-directives
public struct Directive: Sendable, Equatable {
    /// The directive name, lower case.
    public var name: String
    /// The value with surrounding whitespace removed.
    public var value: String
    /// The 1-based line it is on.
    public var line: Int
}

/// Something BuildKit accepts but warns about.
public struct ParseWarning: Sendable, Equatable {
    /// What kind of warning.
    public enum Kind: String, Sendable, Equatable {
        /// An empty line inside a line continuation; a future BuildKit will reject it.
        case emptyContinuationLine
    }

    /// The kind of warning.
    public var kind: Kind
    /// The 1-based line of the instruction it belongs to.
    public var line: Int
    /// A description for people.
    public var message: String
}
