/// Where a problem is: a file, and the line and column when known.
public struct SourcePosition: Sendable, Equatable {
    public var file: String?
    public var line: Int?
    public var column: Int?

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column` with the parts that are known, or an empty string.
    public var text: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let line { parts.append(String(line)) }
        if line != nil, let column { parts.append(String(column)) }
        return parts.joined(separator: ":")
    }
}

/// An error a library reports as data: what is wrong (``problem``), where (``position``) and
/// what to do about it (``remedy``). Libraries do not word it as an error message or choose an
/// exit code; the command line does both (`file:line:column: error: problem; remedy`).
public protocol InputProblem: Error, CustomStringConvertible {
    var position: SourcePosition { get }
    var problem: String { get }
    var remedy: String? { get }
}

extension InputProblem {
    public var remedy: String? { nil }

    /// `file:line: problem; remedy`: the facts, without a severity word (for logs and tests).
    public var description: String {
        let place = position.text
        return (place.isEmpty ? "" : place + ": ") + problem + (remedy.map { "; " + $0 } ?? "")
    }
}

/// A problem with a file that needs no type of its own: the file (and line), what is wrong,
/// and what to do.
public struct FileProblem: InputProblem, Sendable, Equatable {
    public var position: SourcePosition
    public var problem: String
    public var remedy: String?

    public init(_ file: String, line: Int? = nil, column: Int? = nil, _ problem: String, remedy: String? = nil) {
        position = SourcePosition(file: file, line: line, column: column)
        self.problem = problem
        self.remedy = remedy
    }
}
