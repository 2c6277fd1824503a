import Foundation
import StagecraftReporting

/// The distributions' own vulnerability feeds, read into OSV-shaped advisories (one per CVE, with
/// an `affected` entry per source package and release):
/// - Alpine's secdb (`secdb.alpinelinux.org/v3.20/main.json`): `secfixes` maps a fixed version to
///   the CVEs it fixes; `0` means the branch was never affected.
/// - The Debian security tracker's JSON (`security-tracker.debian.org/tracker/data/json`): per
///   source package and CVE, each release's status and fixed version; a fixed version of `0`
///   means the release was never affected, `open` means no fix yet.
public enum DistributionFeeds {
    /// Debian release codenames and the numbers OSV ecosystems use.
    public static let debianReleases = ["buster": "10", "bullseye": "11", "bookworm": "12", "trixie": "13", "forky": "14"]

    /// Which feed a decoded JSON document is, if either.
    static func kind(of root: Any) -> String? {
        guard let object = root as? [String: Any] else { return nil }
        if object["packages"] is [Any], object["distroversion"] is String { return "alpine-secdb" }
        if let (_, first) = object.first, let cves = first as? [String: Any],
            cves.keys.contains(where: { $0.hasPrefix("CVE-") || $0.hasPrefix("TEMP-") })
        {
            return "debian-tracker"
        }
        return nil
    }

    /// The advisories of a feed file, or nil when the JSON is neither feed.
    static func advisories(_ root: Any, path: String) throws(FileProblem) -> [Advisory]? {
        switch kind(of: root) {
        case "alpine-secdb": return try alpine(root, path: path)
        case "debian-tracker": return try debian(root, path: path)
        default: return nil
        }
    }

    /// Collects affected entries under one advisory per id.
    private struct Collector {
        var byID: [String: Advisory] = [:]
        let path: String
        let feed: String

        mutating func add(_ id: String, _ affected: AffectedPackage, summary: String? = nil) {
            byID[id, default: Advisory(id: id, summary: summary, affected: [], source: path, feed: feed)].affected.append(
                affected)
        }

        var advisories: [Advisory] { byID.values.sorted { $0.id < $1.id } }
    }

    static func alpine(_ root: Any, path: String) throws(FileProblem) -> [Advisory] {
        guard let object = root as? [String: Any], let branch = object["distroversion"] as? String,
            let packages = object["packages"] as? [Any]
        else { throw FileProblem(path, "is not an Alpine secdb file (distroversion and packages expected)") }
        let ecosystem = "Alpine:\(branch.hasPrefix("v") ? branch : "v" + branch)"
        var collector = Collector(path: path, feed: "alpine-secdb")
        for (index, entry) in packages.enumerated() {
            guard let package = (entry as? [String: Any])?["pkg"] as? [String: Any], let name = package["name"] as? String else {
                throw FileProblem(
                    path, "packages[\(index)] has no pkg.name", remedy: "check that the file is an Alpine secdb file")
            }
            let fixes = package["secfixes"] as? [String: Any] ?? [:]
            for (version, ids) in fixes where version != "0" {
                for item in ids as? [Any] ?? [] {
                    guard let text = item as? String, let id = text.split(separator: " ").first.map(String.init) else { continue }
                    collector.add(
                        id,
                        AffectedPackage(
                            ecosystem: ecosystem, name: name,
                            ranges: [AffectedRange(type: "ECOSYSTEM", events: [.introduced("0"), .fixed(version)])], versions: [])
                    )
                }
            }
        }
        return collector.advisories
    }

    static func debian(_ root: Any, path: String) throws(FileProblem) -> [Advisory] {
        guard let object = root as? [String: Any] else { throw FileProblem(path, "is not a Debian security tracker file") }
        var collector = Collector(path: path, feed: "debian-tracker")
        for (package, value) in object {
            guard let cves = value as? [String: Any] else {
                throw FileProblem(
                    path, "the entry for \(package) is not a mapping of CVEs", remedy: "check that the file is the tracker's JSON"
                )
            }
            for (id, details) in cves {
                guard let details = details as? [String: Any], let releases = details["releases"] as? [String: Any] else {
                    continue
                }
                for (codename, release) in releases {
                    guard let number = debianReleases[codename], let release = release as? [String: Any] else { continue }
                    let status = release["status"] as? String ?? ""
                    let fixed = release["fixed_version"] as? String
                    if fixed == "0" || status == "not-affected" { continue }
                    var events: [AffectedRange.Event] = [.introduced("0")]
                    if status == "resolved", let fixed { events.append(.fixed(fixed)) }
                    collector.add(
                        id,
                        AffectedPackage(
                            ecosystem: "Debian:\(number)", name: package,
                            ranges: [AffectedRange(type: "ECOSYSTEM", events: events)],
                            versions: []),
                        summary: details["description"] as? String)
                }
            }
        }
        return collector.advisories
    }
}
