import PackageVersions

/// One vulnerability record in the OSV schema (https://ossf.github.io/osv-schema/): the fields
/// matching needs. Fields it does not know are ignored, as the schema asks of readers.
public struct Advisory: Sendable, Equatable, Codable {
    public var id: String
    public var aliases: [String]
    public var summary: String?
    public var details: String?
    public var affected: [AffectedPackage]
    /// `CVSS_V3`/`CVSS_V4` vectors and the like.
    public var severity: [SeverityScore]
    /// The file it was read from.
    public var source: String
    /// The distribution feed it was converted from (`alpine-secdb`, `debian-tracker`); nil for
    /// an OSV record.
    public var feed: String?

    public init(
        id: String, aliases: [String] = [], summary: String? = nil, details: String? = nil, affected: [AffectedPackage],
        severity: [SeverityScore] = [], source: String, feed: String? = nil
    ) {
        self.feed = feed
        self.id = id
        self.aliases = aliases
        self.summary = summary
        self.details = details
        self.affected = affected
        self.severity = severity
        self.source = source
    }
}

/// A `severity` entry: a scoring system and its vector.
public struct SeverityScore: Sendable, Equatable, Codable {
    public var type: String
    public var score: String
}

/// An `affected` entry: a package in an ecosystem, and the versions the advisory covers.
public struct AffectedPackage: Sendable, Equatable, Codable {
    public var ecosystem: String
    public var name: String
    public var ranges: [AffectedRange]
    /// Versions listed one by one.
    public var versions: [String]

    /// Whether `version` is affected: listed, or inside a range. Throws when the version cannot
    /// be read in the ecosystem's scheme (a scan must not read that as "not affected").
    public func affects(_ version: String) throws(VersionError) -> Bool {
        if versions.contains(version) { return true }
        guard let scheme = VersionScheme(ecosystem: ecosystem) else { return false }
        let installed = try scheme.parse(version)
        for range in ranges where range.type == "ECOSYSTEM" || range.type == "SEMVER" {
            if range.contains(installed, scheme: scheme) { return true }
        }
        return false
    }
}

/// A `ranges` entry: events along the ecosystem's version order.
public struct AffectedRange: Sendable, Equatable, Codable {
    public enum Event: Sendable, Equatable, Codable {
        case introduced(String), fixed(String), lastAffected(String), limit(String)
    }

    public var type: String
    public var events: [Event]

    /// OSV's evaluation: sort the events by version; a version is affected when the last event at
    /// or below it is `introduced`, or when it is at a `last_affected` event. Events whose
    /// version the scheme cannot read are left out.
    func contains(_ version: ParsedVersion, scheme: VersionScheme) -> Bool {
        var affected = false
        var limits: [ParsedVersion] = []
        var sorted: [(version: ParsedVersion, event: Event)] = []
        for event in events {
            switch event {
            case .introduced(let text):
                if text == "0" {
                    sorted.append((scheme.minimum, event))
                } else if let parsed = try? scheme.parse(text) {
                    sorted.append((parsed, event))
                }
            case .fixed(let text), .lastAffected(let text):
                if let parsed = try? scheme.parse(text) { sorted.append((parsed, event)) }
            case .limit(let text):
                if text == "*" { continue }
                if let parsed = try? scheme.parse(text) { limits.append(parsed) }
            }
        }
        if limits.contains(where: { scheme.compare(version, $0) >= 0 }) { return false }
        sorted.sort { scheme.compare($0.version, $1.version) < 0 }
        for (eventVersion, event) in sorted {
            let order = scheme.compare(version, eventVersion)
            switch event {
            case .introduced: if order >= 0 { affected = true }
            case .fixed: if order >= 0 { affected = false }
            case .lastAffected: if order > 0 { affected = false }
            case .limit: break
            }
        }
        return affected
    }
}
