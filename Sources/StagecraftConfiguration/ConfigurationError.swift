import StagecraftReporting

/// A configuration file that cannot be used: the file and line, the key, what is wrong, and what
/// to write instead.
public struct ConfigurationError: InputProblem, Sendable, Equatable {
    public var path: String
    public var line: Int?
    /// The dotted path of the key, e.g. `lint.failure-threshold`, or `(document)`.
    public var keyPath: String
    public var message: String
    public var remedy: String?

    public init(path: String, line: Int?, keyPath: String, message: String, remedy: String? = nil) {
        self.path = path
        self.line = line
        self.keyPath = keyPath
        self.message = message
        self.remedy = remedy
    }

    public var position: SourcePosition { SourcePosition(file: path, line: line) }
    public var problem: String { "\(keyPath): \(message)" }
}
