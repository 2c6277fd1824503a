import PackageVersions

/// A version read in its ecosystem's scheme.
enum ParsedVersion: Sendable {
    case minimum
    case debian(DebianVersion)
    case apk(APKVersion)
    case pep440(PEP440Version)
    case semver(SemanticVersion)
}

/// How an OSV ecosystem orders versions.
public enum VersionScheme: Sendable, Equatable {
    case debian, apk, pep440, semver

    /// The scheme of an OSV ecosystem name (`Debian:12`, `Alpine:v3.20`, `PyPI`, `npm`, `Go`), or nil.
    public init?(ecosystem: String) {
        switch ecosystem.split(separator: ":").first.map(String.init) ?? "" {
        case "Debian", "Ubuntu": self = .debian
        case "Alpine": self = .apk
        case "PyPI": self = .pep440
        case "npm", "Go": self = .semver
        default: return nil
        }
    }

    var minimum: ParsedVersion { .minimum }

    func parse(_ text: String) throws(VersionError) -> ParsedVersion {
        switch self {
        case .debian: .debian(try DebianVersion(text))
        case .apk: .apk(try APKVersion(text))
        case .pep440: .pep440(try PEP440Version(text))
        case .semver: .semver(try SemanticVersion(text))
        }
    }

    /// -1, 0 or 1 for two versions written in this scheme.
    public func compare(_ a: String, _ b: String) throws(VersionError) -> Int {
        compare(try parse(a), try parse(b))
    }

    /// -1, 0 or 1; `minimum` is below everything.
    func compare(_ a: ParsedVersion, _ b: ParsedVersion) -> Int {
        switch (a, b) {
        case (.minimum, .minimum): 0
        case (.minimum, _): -1
        case (_, .minimum): 1
        case (.debian(let x), .debian(let y)): DebianVersion.compare(x, y)
        case (.apk(let x), .apk(let y)): APKVersion.compare(x, y)
        case (.pep440(let x), .pep440(let y)): PEP440Version.compare(x, y)
        case (.semver(let x), .semver(let y)): SemanticVersion.compare(x, y)
        default: 0
        }
    }
}

/// Package names as each ecosystem compares them: PyPI's PEP 503 normalisation (lower case,
/// runs of `-`, `_` and `.` as one `-`); others as written.
public func normalisedPackageName(_ name: String, ecosystem: String) -> String {
    guard ecosystem == "PyPI" else { return name }
    var result = ""
    var lastWasSeparator = false
    for character in name.lowercased() {
        if character == "-" || character == "_" || character == "." {
            if !lastWasSeparator { result.append("-") }
            lastWasSeparator = true
        } else {
            result.append(character)
            lastWasSeparator = false
        }
    }
    return result
}
