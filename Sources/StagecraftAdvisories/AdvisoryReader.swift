import Foundation
import StagecraftReporting
import Yams

/// Reads OSV records from JSON or YAML files, or from every such file under a folder. A record
/// that cannot be used is an error naming the file, line and field: a scan must never read
/// unusable data as "no vulnerabilities".
public enum AdvisoryReader {
    /// The largest advisory file read (real records are a few kilobytes).
    public static let maximumFileSize = 16 << 20

    /// Every advisory under `folder` (files ending in .json, .yaml or .yml), in path order.
    public static func readFolder(_ folder: String) throws(FileProblem) -> [Advisory] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else {
            throw FileProblem(folder, "cannot be read as a folder of advisories")
        }
        var paths: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(".json") || relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                paths.append(folder + "/" + relative)
            }
        }
        var advisories: [Advisory] = []
        for path in paths.sorted() { advisories += try readFile(path) }
        return advisories
    }

    /// The largest distribution feed read (the Debian tracker's JSON is tens of megabytes).
    public static let maximumFeedSize = 1 << 30

    /// The advisories of one file: an OSV record, an Alpine secdb file or the Debian security
    /// tracker's JSON (see ``DistributionFeeds``), told apart by their content.
    public static func readFile(_ path: String) throws(FileProblem) -> [Advisory] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileProblem(path, "cannot be read", remedy: "check that it exists and is readable")
        }
        if path.hasSuffix(".json"), data.count <= maximumFeedSize,
            let root = try? JSONSerialization.jsonObject(with: data),
            let feed = try DistributionFeeds.advisories(root, path: path)
        {
            return feed
        }
        return [try read(path)]
    }

    /// One advisory file.
    public static func read(_ path: String) throws(FileProblem) -> Advisory {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileProblem(path, "cannot be read", remedy: "check that it exists and is readable")
        }
        guard data.count <= maximumFileSize else {
            throw FileProblem(path, "is \(data.count) bytes, larger than any advisory (\(maximumFileSize) at most)")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// An advisory from its text (JSON is YAML too).
    public static func parse(_ text: String, path: String) throws(FileProblem) -> Advisory {
        let root: Yams.Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw FileProblem(path, "is empty; an OSV record was expected") }
            root = node
        } catch let problem as FileProblem {
            throw problem
        } catch {
            throw FileProblem(path, "is not valid JSON or YAML: \(error)")
        }
        let record = Fields(node: root, path: path, keyPath: "")
        let id = try record.requiredString("id")
        var affected: [AffectedPackage] = []
        for entry in try record.list("affected") {
            let package = try entry.object("package")
            var ranges: [AffectedRange] = []
            for range in try entry.list("ranges") {
                var events: [AffectedRange.Event] = []
                for event in try range.list("events") {
                    guard let mapping = event.node.mapping, let (key, value) = mapping.first, let text = value.scalar?.string
                    else {
                        throw event.problem("an event is one of introduced, fixed, last_affected or limit with a version")
                    }
                    switch key.string {
                    case "introduced": events.append(.introduced(text))
                    case "fixed": events.append(.fixed(text))
                    case "last_affected": events.append(.lastAffected(text))
                    case "limit": events.append(.limit(text))
                    default: continue  // an event kind from a newer schema: not one this reader can use
                    }
                }
                ranges.append(AffectedRange(type: try range.requiredString("type"), events: events))
            }
            affected.append(
                AffectedPackage(
                    ecosystem: try package.requiredString("ecosystem"), name: try package.requiredString("name"),
                    ranges: ranges, versions: try entry.strings("versions")))
        }
        let severity = try record.list("severity").map { entry throws(FileProblem) in
            SeverityScore(type: try entry.requiredString("type"), score: try entry.requiredString("score"))
        }
        return Advisory(
            id: id, aliases: try record.strings("aliases"), summary: try record.string("summary"),
            details: try record.string("details"), affected: affected, severity: severity, source: path)
    }

    /// A mapping being read, with where it is for errors.
    struct Fields {
        let node: Yams.Node
        let path: String
        let keyPath: String

        func problem(_ message: String, at node: Yams.Node? = nil) -> FileProblem {
            FileProblem(
                path, line: (node ?? self.node).mark?.line, "\(keyPath.isEmpty ? "(record)" : keyPath): \(message)",
                remedy: "check the record against the OSV schema")
        }

        private func child(_ key: String) throws(FileProblem) -> Yams.Node? {
            guard let mapping = node.mapping else { throw problem("expected a mapping") }
            guard let value = mapping[key] else { return nil }
            if case .scalar(let scalar) = value, scalar.tag == Tag(.null) { return nil }
            return value
        }

        private func nested(_ key: String, _ node: Yams.Node) -> Fields {
            Fields(node: node, path: path, keyPath: keyPath.isEmpty ? key : keyPath + "." + key)
        }

        func string(_ key: String) throws(FileProblem) -> String? {
            guard let value = try child(key) else { return nil }
            guard let scalar = value.scalar else { throw nested(key, value).problem("expected text") }
            return scalar.string
        }

        func requiredString(_ key: String) throws(FileProblem) -> String {
            guard let value = try string(key), !value.isEmpty else { throw problem("\(key) is required") }
            return value
        }

        func strings(_ key: String) throws(FileProblem) -> [String] {
            guard let value = try child(key) else { return [] }
            guard let items = value.sequence else { throw nested(key, value).problem("expected a list") }
            return try items.map { item throws(FileProblem) in
                guard let scalar = item.scalar else { throw nested(key, item).problem("expected text in the list", at: item) }
                return scalar.string
            }
        }

        func list(_ key: String) throws(FileProblem) -> [Fields] {
            guard let value = try child(key) else { return [] }
            guard let items = value.sequence else { throw nested(key, value).problem("expected a list") }
            return items.enumerated().map { nested("\(key).\($0.offset)", $0.element) }
        }

        func object(_ key: String) throws(FileProblem) -> Fields {
            guard let value = try child(key) else { throw problem("\(key) is required") }
            guard value.mapping != nil else { throw nested(key, value).problem("expected a mapping") }
            return nested(key, value)
        }
    }
}
