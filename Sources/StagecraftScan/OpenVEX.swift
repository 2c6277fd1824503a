import Foundation
import StagecraftReporting

/// One statement of an OpenVEX document (https://github.com/openvex/spec): a vulnerability, the
/// products and subcomponents it speaks of, and their status. Statements whose status is
/// `not_affected` or `fixed` suppress what they name, as grype applies them.
public struct VEXStatement: Sendable, Equatable {
    public enum Status: String, Sendable {
        case notAffected = "not_affected"
        case affected
        case fixed
        case underInvestigation = "under_investigation"
    }

    /// The vulnerability's name and aliases.
    public var vulnerabilities: [String]
    /// Package URLs of the products and subcomponents; empty when the statement names only the
    /// image (or nothing), so it covers every package.
    public var packages: [String]
    public var status: Status
    /// The justification or impact statement, for the report.
    public var reason: String
    /// The document, for the report.
    public var source: String

    /// Whether this statement suppresses `vulnerability`: its status says not affected or fixed,
    /// it names the vulnerability (by id or alias), and it names the package (by purl, qualifiers
    /// aside; without a version, any version) or no package at all.
    public func suppresses(_ vulnerability: Vulnerability) -> Bool {
        guard status == .notAffected || status == .fixed else { return false }
        let names = Set([vulnerability.id] + vulnerability.aliases)
        guard vulnerabilities.contains(where: names.contains) else { return false }
        guard !packages.isEmpty else { return true }
        let installed = Self.withoutQualifiers(vulnerability.package.purl)
        return packages.contains { named in
            let purl = Self.withoutQualifiers(named)
            return purl == installed || (!purl.contains("@") && installed.hasPrefix(purl + "@"))
        }
    }

    static func withoutQualifiers(_ purl: String) -> String {
        String(purl.prefix { $0 != "?" && $0 != "#" })
    }

    /// The statements of an OpenVEX JSON document (v0.0.x, with plain strings, and v0.2.0, with
    /// objects).
    public static func read(_ path: String) throws(FileProblem) -> [VEXStatement] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileProblem(path, "cannot be read", remedy: "check that the OpenVEX document exists and is readable")
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FileProblem(path, "is not a JSON object", remedy: "give an OpenVEX document (https://openvex.dev)")
        }
        guard let statements = root["statements"] as? [[String: Any]] else {
            throw FileProblem(path, "has no statements array", remedy: "give an OpenVEX document (https://openvex.dev)")
        }
        var read: [VEXStatement] = []
        for (index, statement) in statements.enumerated() {
            let place = "statement \(index + 1)"
            var names: [String] = []
            switch statement["vulnerability"] {
            case let name as String: names = [name]
            case let object as [String: Any]:
                names = ([object["name"], object["@id"]].compactMap { $0 as? String }) + (object["aliases"] as? [String] ?? [])
            default: break
            }
            guard !names.isEmpty else {
                throw FileProblem(path, "\(place) names no vulnerability", remedy: "give vulnerability.name (or a string)")
            }
            guard let statusText = statement["status"] as? String, let status = Status(rawValue: statusText) else {
                throw FileProblem(
                    path, "\(place) has no known status",
                    remedy: "use not_affected, affected, fixed or under_investigation")
            }
            var purls: [String] = []
            func collect(_ value: Any?) {
                for item in value as? [Any] ?? [] {
                    if let text = item as? String {
                        purls.append(text)
                    } else if let object = item as? [String: Any] {
                        if let id = object["@id"] as? String { purls.append(id) }
                        if let identifiers = object["identifiers"] as? [String: Any], let purl = identifiers["purl"] as? String {
                            purls.append(purl)
                        }
                        collect(object["subcomponents"])
                    }
                }
            }
            collect(statement["products"])
            collect(statement["subcomponents"])
            // The image itself (pkg:oci, pkg:docker, a name) is the scanned image: it narrows nothing.
            let packages = purls.filter { $0.hasPrefix("pkg:") && !$0.hasPrefix("pkg:oci/") && !$0.hasPrefix("pkg:docker/") }
            let reason =
                [statement["justification"], statement["impact_statement"], statement["status_notes"]]
                .compactMap { $0 as? String }.first ?? status.rawValue
            read.append(VEXStatement(vulnerabilities: names, packages: packages, status: status, reason: reason, source: path))
        }
        return read
    }
}
