/// Variables visible to word expansion.
public protocol ShellEnvironment {
    /// The value of `name`, or `nil` when it is not set (set-but-empty is `""`).
    func value(of name: String) -> String?
}

/// An ordered list of `NAME=value` variables; a later entry replaces an earlier one.
public struct EnvironmentList: ShellEnvironment, Sendable, Equatable {
    /// The variables in declaration order, each name once.
    public private(set) var entries: [(name: String, value: String)] = []
    private var index: [String: Int] = [:]
    /// Whether names compare case-insensitively, as on Windows.
    public var caseInsensitive: Bool

    /// Creates an empty environment.
    public init(caseInsensitive: Bool = false) { self.caseInsensitive = caseInsensitive }

    /// Creates an environment from `NAME=value` strings (a string without `=` sets an empty value).
    public init(_ assignments: [String], caseInsensitive: Bool = false) {
        self.caseInsensitive = caseInsensitive
        for assignment in assignments {
            if let equals = assignment.firstIndex(of: "=") {
                set(String(assignment[..<equals]), String(assignment[assignment.index(after: equals)...]))
            } else {
                set(assignment, "")
            }
        }
    }

    private func key(_ name: String) -> String { caseInsensitive ? name.uppercased() : name }

    /// Sets or replaces a variable.
    public mutating func set(_ name: String, _ value: String) {
        let key = key(name)
        if let position = index[key] {
            entries[position].value = value
        } else {
            index[key] = entries.count
            entries.append((name, value))
        }
    }

    /// Removes a variable if present.
    public mutating func remove(_ name: String) {
        guard let position = index.removeValue(forKey: key(name)) else { return }
        entries.remove(at: position)
        for (other, otherPosition) in index where otherPosition > position { index[other] = otherPosition - 1 }
    }

    public func value(of name: String) -> String? {
        guard let position = index[key(name)] else { return nil }
        return entries[position].value
    }

    /// The variables as `NAME=value` strings.
    public var assignments: [String] { entries.map { "\($0.name)=\($0.value)" } }

    public static func == (lhs: EnvironmentList, rhs: EnvironmentList) -> Bool {
        lhs.assignments == rhs.assignments && lhs.caseInsensitive == rhs.caseInsensitive
    }
}

/// A failure to expand a word; the message follows BuildKit's wording.
public struct ShellExpansionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, e.g. `syntax error: bad substitution`.
    public var message: String
    /// The word being expanded.
    public var source: String

    public var description: String { "failed to process \(goQuote(source)): \(message)" }
}
