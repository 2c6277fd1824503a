/// An npm version range (`^1.2.3`, `~1.2`, `>=1.0.0 <2.0.0-0`, `1.x || 2.1.0 - 2.3`), read and
/// matched as node-semver does: each `||` alternative is a set of comparators that must all hold,
/// and a pre-release version matches only a set that names a pre-release of the same
/// MAJOR.MINOR.PATCH. See https://github.com/npm/node-semver#ranges
public struct SemverRange: Sendable, Equatable, CustomStringConvertible {
    public struct Comparator: Sendable, Equatable, CustomStringConvertible {
        public enum Operation: String, Sendable {
            case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = ""
        }
        public var operation: Operation
        public var version: SemanticVersion

        public func matches(_ candidate: SemanticVersion) -> Bool {
            let order = SemanticVersion.compare(candidate, version)
            switch operation {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            case .greaterOrEqual: return order >= 0
            case .equal: return order == 0
            }
        }

        public var description: String { operation.rawValue + version.description }
    }

    /// The alternatives; an empty set matches any release (`*`).
    public let alternatives: [[Comparator]]
    public let text: String

    public init(_ text: String) throws(VersionError) {
        self.text = text
        var alternatives: [[Comparator]] = []
        for alternative in text.components(separatedBy: "||") {
            guard !alternative.contains("|") else {
                throw VersionError(scheme: "npm range", text: text, reason: "uses | alone; alternatives are separated by ||")
            }
            alternatives.append(try Self.comparators(alternative, whole: text))
        }
        self.alternatives = alternatives
    }

    public var description: String {
        alternatives.map { $0.isEmpty ? "*" : $0.map(\.description).joined(separator: " ") }.joined(separator: " || ")
    }

    /// Whether `version` is in the range.
    public func contains(_ version: SemanticVersion) -> Bool {
        alternatives.contains { set in
            guard set.allSatisfy({ $0.matches(version) }) else { return false }
            guard !version.prerelease.isEmpty else { return true }
            return set.contains { !$0.version.prerelease.isEmpty && $0.version.release == version.release }
        }
    }

    /// A partial version: `1`, `1.2`, `1.2.3-pre`, with `x`, `X` or `*` for a missing part.
    struct Partial {
        var major: Int?
        var minor: Int?
        var patch: Int?
        var prerelease: [String] = []

        init?(_ text: Substring) {
            var body = text
            while let first = body.first, first == "=" || first == "v" { body.removeFirst() }
            if let plus = body.firstIndex(of: "+") { body = body[..<plus] }
            if let hyphen = body.firstIndex(of: "-") {
                prerelease = body[body.index(after: hyphen)...].split(separator: ".").map(String.init)
                body = body[..<hyphen]
            }
            let parts = body.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...3).contains(parts.count) else { return nil }
            var numbers: [Int?] = []
            for part in parts {
                if ["x", "X", "*"].contains(part) {
                    numbers.append(nil)
                } else if let number = SemanticVersion.number(part), numbers.allSatisfy({ $0 != nil }) {
                    numbers.append(number)
                } else {
                    return nil
                }
            }
            major = numbers[0]
            minor = numbers.count > 1 ? numbers[1] : nil
            patch = numbers.count > 2 ? numbers[2] : nil
        }

        func version(_ major: Int, _ minor: Int, _ patch: Int, pre: Bool = true) -> SemanticVersion {
            SemanticVersion(major: major, minor: minor, patch: patch, prerelease: pre ? prerelease : [])
        }
    }

    static func comparators(_ text: String, whole: String) throws(VersionError) -> [Comparator] {
        func fail(_ word: Substring) -> VersionError {
            VersionError(scheme: "npm range", text: whole, reason: "has \"\(word)\", which is not a version or comparator")
        }
        // Operators may be written apart from their version (`>= 1.2.3`): join them first.
        var words: [Substring] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            if let last = words.last, ["<", "<=", ">", ">=", "=", "~", "^", "~>"].contains(last) {
                words[words.count - 1] = Substring(String(last) + word)
            } else {
                words.append(word)
            }
        }
        if words.count == 3 && words[1] == "-" {
            guard let low = Partial(words[0]), let high = Partial(words[2]) else { throw fail(words[0]) }
            return hyphen(low, high)
        }
        var result: [Comparator] = []
        for word in words {
            var body = word
            var operation = ""
            while let first = body.first, "<>=~^".contains(first) {
                operation.append(first)
                body.removeFirst()
            }
            guard let partial = Partial(body) else { throw fail(word) }
            guard let expanded = expand(operation, partial) else { throw fail(word) }
            result += expanded
        }
        return result
    }

    static func hyphen(_ low: Partial, _ high: Partial) -> [Comparator] {
        var result: [Comparator] = []
        if let major = low.major {
            result.append(Comparator(operation: .greaterOrEqual, version: low.version(major, low.minor ?? 0, low.patch ?? 0)))
        }
        if let major = high.major {
            if let minor = high.minor, let patch = high.patch {
                result.append(Comparator(operation: .lessOrEqual, version: high.version(major, minor, patch)))
            } else if let minor = high.minor {
                result.append(
                    Comparator(
                        operation: .less, version: SemanticVersion(major: major, minor: minor + 1, patch: 0, prerelease: ["0"])))
            } else {
                result.append(
                    Comparator(
                        operation: .less, version: SemanticVersion(major: major + 1, minor: 0, patch: 0, prerelease: ["0"])))
            }
        }
        return result
    }

    /// One comparator word as node-semver desugars it.
    static func expand(_ operation: String, _ p: Partial) -> [Comparator]? {
        func c(_ op: Comparator.Operation, _ v: SemanticVersion) -> Comparator { Comparator(operation: op, version: v) }
        func below(_ major: Int, _ minor: Int, _ patch: Int) -> Comparator {
            c(.less, SemanticVersion(major: major, minor: minor, patch: patch, prerelease: ["0"]))
        }
        switch operation {
        case "", "=":
            guard let major = p.major else { return [] }
            guard let minor = p.minor else { return [c(.greaterOrEqual, p.version(major, 0, 0)), below(major + 1, 0, 0)] }
            guard let patch = p.patch else {
                return [c(.greaterOrEqual, p.version(major, minor, 0)), below(major, minor + 1, 0)]
            }
            return [c(.equal, p.version(major, minor, patch))]
        case "~", "~>":
            guard let major = p.major else { return [] }
            guard let minor = p.minor else { return [c(.greaterOrEqual, p.version(major, 0, 0)), below(major + 1, 0, 0)] }
            return [c(.greaterOrEqual, p.version(major, minor, p.patch ?? 0)), below(major, minor + 1, 0)]
        case "^":
            guard let major = p.major else { return [] }
            guard let minor = p.minor else { return [c(.greaterOrEqual, p.version(major, 0, 0)), below(major + 1, 0, 0)] }
            let patch = p.patch ?? 0
            let low = c(.greaterOrEqual, p.version(major, minor, patch))
            if major > 0 { return [low, below(major + 1, 0, 0)] }
            if minor > 0 || p.patch == nil { return [low, below(0, minor + 1, 0)] }
            return [low, below(0, 0, patch + 1)]
        case ">", ">=", "<", "<=":
            guard let major = p.major else {
                // `>*` and `<*` match nothing; `>=*` and `<=*` match anything.
                return operation.hasSuffix("=")
                    ? [] : [c(.less, SemanticVersion(major: 0, minor: 0, patch: 0, prerelease: ["0"]))]
            }
            switch (operation, p.minor, p.patch) {
            case (">", nil, _): return [c(.greaterOrEqual, SemanticVersion(major: major + 1, minor: 0, patch: 0))]
            case (">", let minor?, nil): return [c(.greaterOrEqual, SemanticVersion(major: major, minor: minor + 1, patch: 0))]
            case ("<=", nil, _): return [below(major + 1, 0, 0)]
            case ("<=", let minor?, nil): return [below(major, minor + 1, 0)]
            case ("<", _, _) where p.minor == nil || p.patch == nil:
                return [c(.less, SemanticVersion(major: major, minor: p.minor ?? 0, patch: 0, prerelease: ["0"]))]
            case (">=", _, _) where p.minor == nil || p.patch == nil:
                return [c(.greaterOrEqual, SemanticVersion(major: major, minor: p.minor ?? 0, patch: 0))]
            default:
                let op: Comparator.Operation =
                    ["<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual][operation] ?? .equal
                return [c(op, p.version(major, p.minor ?? 0, p.patch ?? 0))]
            }
        default:
            return nil
        }
    }
}
