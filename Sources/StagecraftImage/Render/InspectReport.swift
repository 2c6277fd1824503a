import Foundation
import StagecraftReporting

/// `stagecraft inspect` output: tables for people, JSON for scripts.
public struct InspectReport: Sendable {
    public var image: Image
    public var analysis: ImageAnalysis
    public var findings: ImageFindings
    public var top: Int
    public var includeTree: Bool
    public var gate: GateReport?

    public init(image: Image, analysis: ImageAnalysis, findings: ImageFindings, top: Int, includeTree: Bool, gate: GateReport?) {
        self.image = image
        self.analysis = analysis
        self.findings = findings
        self.top = top
        self.includeTree = includeTree
        self.gate = gate
    }

    /// Sizes as people read them: 1.2 MB, 532 KB, 12 B (SI units, as dive prints).
    public static func human(_ bytes: Int) -> String {
        let value = Double(bytes)
        for (limit, unit) in [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")] where value >= limit {
            return String(format: "%.1f %@", value / limit, unit)
        }
        return "\(bytes) B"
    }

    static func percent(_ value: Double) -> String {
        value.isFinite ? String(format: "%.2f %%", value * 100) : "n/a"
    }

    public func text() -> String {
        var out = "image: \(image.name)\(image.tags.isEmpty ? "" : " (\(image.tags.joined(separator: ", ")))")\n"
        let config = image.configuration
        out +=
            "platform: \([config.os, config.architecture, config.variant].compactMap { $0 }.joined(separator: "/"))   layers: \(analysis.layers.count)   size: \(Self.human(analysis.totalBytes))   final files: \(Self.human(analysis.finalBytes))\n\n"
        var layers = [["#", "SIZE", "ADDED", "CHANGED", "REMOVED", "CREATED BY"]]
        for layer in analysis.layers {
            let command = layer.createdBy.replacingOccurrences(of: "\n", with: " ")
            layers.append([
                "\(layer.index)", Self.human(layer.size), "\(layer.added)", "\(layer.changed)", "\(layer.removed)",
                command.count > 70 ? String(command.prefix(67)) + "..." : command,
            ])
        }
        out += textTable(layers, rightAligned: [0, 2, 3, 4], indent: "  ") + "\n"
        let dive = analysis.dive
        out += "\nefficiency: \(Self.percent(analysis.efficiency)) (dive: \(Self.percent(dive.efficiency)))\n"
        out +=
            "wasted: \(Self.human(analysis.wastedBytes)) (dive: \(Self.human(dive.wastedBytes)), \(Self.percent(dive.wastedUserPercent)) of user bytes)\n"
        if top > 0 {
            out += "\nlargest files:\n"
            let rows = analysis.files.prefix(top).map { [Self.human($0.size), "layer \($0.layer)", $0.path] }
            if !rows.isEmpty { out += textTable(rows, indent: "  ") + "\n" }
        }
        if !dive.inefficientPaths.isEmpty {
            out += "\nwritten more than once (dive's inefficient files):\n"
            let rows = dive.inefficientPaths.prefix(max(top, 5)).map { ["\($0.count)", Self.human($0.cumulativeSize), $0.path] }
            out += textTable([["COUNT", "WASTED", "PATH"]] + rows, rightAligned: [0], indent: "  ") + "\n"
        }
        if !findings.items.isEmpty {
            out += "\nfindings:\n"
            for item in findings.items {
                out +=
                    "  \(item.severity.rawValue)[\(item.id)]: \(item.message)\(item.bytes > 0 ? " (\(Self.human(item.bytes)))" : "")\n    advice: \(item.advice)\n"
            }
        }
        if includeTree {
            out += "\nfiles:\n"
            let rows = analysis.files.sorted(by: { $0.path < $1.path }).map { ["\($0.size)", $0.path] }
            if !rows.isEmpty { out += textTable(rows, rightAligned: [0], indent: "  ") + "\n" }
        }
        if let gate {
            out += "\nevaluation (\(gate.source)):\n"
            for rule in gate.rules { out += "  \(rule.status.rawValue)  \(rule.name) (\(rule.detail))\n" }
            let count = { (status: GateReport.Rule.Status) in gate.rules.filter { $0.status == status }.count }
            out += "\(gate.passed ? "PASS" : "FAIL") [pass:\(count(.pass)) fail:\(count(.fail)) skip:\(count(.skip))]\n"
        }
        // File names, labels and logs come from outside: no control character reaches the terminal.
        return terminalSafe(out)
    }

    struct Document: Encodable {
        struct LayerDocument: Encodable {
            var index: Int
            var digest: String?
            var createdBy: String
            var sizeBytes: Int
            var storedBytes: Int
            var entries: Int
            var added: Int
            var addedBytes: Int
            var changed: Int
            var changedBytes: Int
            var removed: Int
            var removedBytes: Int
        }
        struct FileDocument: Encodable {
            var path: String
            var sizeBytes: Int
            var layer: Int
        }
        struct DiveDocument: Encodable {
            var efficiency: Double
            var sizeBytes: Int
            var userSizeBytes: Int
            var wastedBytes: Int
            var wastedUserPercent: Double?
            var inefficientPaths: [PathDocument]
        }
        struct PathDocument: Encodable {
            var path: String
            var count: Int
            var cumulativeBytes: Int
        }
        struct FindingDocument: Encodable {
            var id: String
            var severity: String
            var message: String
            var bytes: Int
            var advice: String
        }
        struct GateDocument: Encodable {
            var passed: Bool
            var rules: [[String: String]]
        }
        var image: String
        var tags: [String]
        var sizeBytes: Int
        var finalBytes: Int
        var efficiency: Double
        var wastedBytes: Int
        var dive: DiveDocument
        var layers: [LayerDocument]
        var largestFiles: [FileDocument]
        var hiddenFiles: [FileDocument]
        var findings: [FindingDocument]
        var gate: GateDocument?
        var tree: [FileDocument]?
    }

    public func json() -> String {
        let dive = analysis.dive
        let document = Document(
            image: image.name, tags: image.tags, sizeBytes: analysis.totalBytes, finalBytes: analysis.finalBytes,
            efficiency: analysis.efficiency, wastedBytes: analysis.wastedBytes,
            dive: .init(
                efficiency: dive.efficiency, sizeBytes: dive.sizeBytes, userSizeBytes: dive.userSizeBytes,
                wastedBytes: dive.wastedBytes,
                wastedUserPercent: dive.wastedUserPercent.isFinite ? dive.wastedUserPercent : nil,
                inefficientPaths: dive.inefficientPaths.map {
                    .init(path: $0.path, count: $0.count, cumulativeBytes: $0.cumulativeSize)
                }),
            layers: analysis.layers.map {
                .init(
                    index: $0.index, digest: $0.digest, createdBy: $0.createdBy, sizeBytes: $0.size, storedBytes: $0.storedSize,
                    entries: $0.entries,
                    added: $0.added, addedBytes: $0.addedBytes, changed: $0.changed, changedBytes: $0.changedBytes,
                    removed: $0.removed,
                    removedBytes: $0.removedBytes)
            },
            largestFiles: analysis.files.prefix(top).map { .init(path: $0.path, sizeBytes: $0.size, layer: $0.layer) },
            hiddenFiles: analysis.hidden.prefix(max(top, 50)).map {
                .init(path: $0.path, sizeBytes: $0.size, layer: $0.writtenIn)
            },
            findings: findings.items.map {
                .init(id: $0.id, severity: $0.severity.rawValue, message: $0.message, bytes: $0.bytes, advice: $0.advice)
            },
            gate: gate.map { gate in
                .init(
                    passed: gate.passed,
                    rules: gate.rules.map { ["name": $0.name, "status": $0.status.rawValue, "detail": $0.detail] })
            },
            tree: includeTree
                ? analysis.files.sorted { $0.path < $1.path }.map { .init(path: $0.path, sizeBytes: $0.size, layer: $0.layer) }
                : nil)
        return (try? prettyJSON(document)) ?? "{}"
    }
}
