/// A semantic version (`1.2.3-beta.1+build`) ordered by SemVer 2.0 precedence, as node-semver
/// orders npm versions (build metadata ignored; loose forms such as `v1.2.3` and `=1.2.3` read).
/// See https://semver.org/#spec-item-11
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public let patch: Int
    /// Dot-separated pre-release identifiers; empty for a release.
    public let prerelease: [String]
    public let build: [String]

    public init(major: Int, minor: Int, patch: Int, prerelease: [String] = [], build: [String] = []) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
    }

    public init(_ text: String) throws(VersionError) {
        var body = Substring(text.trimmingSpaces())
        while let first = body.first, first == "=" || first == "v" || first == " " { body.removeFirst() }
        var build: [String] = []
        if let plus = body.firstIndex(of: "+") {
            build = body[body.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            body = body[..<plus]
        }
        var prerelease: [String] = []
        if let hyphen = body.firstIndex(of: "-") {
            prerelease = body[body.index(after: hyphen)...].split(separator: ".", omittingEmptySubsequences: false).map(
                String.init)
            body = body[..<hyphen]
        }
        let numbers = body.split(separator: ".", omittingEmptySubsequences: false)
        let identifier = { (part: String) in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        guard numbers.count == 3, let major = Self.number(numbers[0]), let minor = Self.number(numbers[1]),
            let patch = Self.number(numbers[2]), prerelease.allSatisfy(identifier), build.allSatisfy(identifier)
        else {
            throw VersionError(scheme: "semver", text: text, reason: "is not MAJOR.MINOR.PATCH[-pre][+build]")
        }
        self.init(major: major, minor: minor, patch: patch, prerelease: prerelease, build: build)
    }

    static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count < 16, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    public var description: String {
        "\(major).\(minor).\(patch)" + (prerelease.isEmpty ? "" : "-" + prerelease.joined(separator: "."))
            + (build.isEmpty ? "" : "+" + build.joined(separator: "."))
    }

    public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool { compare(lhs, rhs) == 0 }
    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool { compare(lhs, rhs) < 0 }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease)
    }

    /// -1, 0 or 1 by precedence.
    public static func compare(_ a: SemanticVersion, _ b: SemanticVersion) -> Int {
        for (x, y) in [(a.major, b.major), (a.minor, b.minor), (a.patch, b.patch)] where x != y { return x < y ? -1 : 1 }
        if a.prerelease.isEmpty || b.prerelease.isEmpty {
            return a.prerelease.isEmpty == b.prerelease.isEmpty ? 0 : (a.prerelease.isEmpty ? 1 : -1)
        }
        for (x, y) in zip(a.prerelease, b.prerelease) where x != y {
            switch (number(Substring(x)), number(Substring(y))) {
            case (let m?, let n?): return m < n ? -1 : 1
            case (.some, nil): return -1
            case (nil, .some): return 1
            case (nil, nil): return x < y ? -1 : 1
            }
        }
        return a.prerelease.count == b.prerelease.count ? 0 : (a.prerelease.count < b.prerelease.count ? -1 : 1)
    }

    /// The same version without its pre-release and build.
    var release: SemanticVersion { SemanticVersion(major: major, minor: minor, patch: patch) }
}
