import Foundation
import StagecraftReporting

/// Recorded runs side by side: two runs, two commits, or two targets of each service. Each row
/// pairs a run before with a run after (the same image and command, or the same service and
/// command at two targets) and gives the seed's table (before, after, reduction) with the other
/// measures both runs have.
public struct RunComparison: Sendable, Equatable {
    public struct Row: Sendable, Equatable, Encodable {
        public var subject: String
        public var command: String
        public var before: RunRecord
        public var after: RunRecord

        /// The share of the size saved: 0.7 for 100 MB -> 30 MB; nil when a size is missing.
        public var reduction: Double? {
            guard let old = before.sizeBytes, let new = after.sizeBytes, old > 0 else { return nil }
            return Double(old - new) / Double(old)
        }

        enum CodingKeys: String, CodingKey { case subject, command, before, after, reduction }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(subject, forKey: .subject)
            try container.encode(command, forKey: .command)
            try container.encode(before, forKey: .before)
            try container.encode(after, forKey: .after)
            try container.encodeIfPresent(reduction, forKey: .reduction)
        }
    }

    public var rows: [Row]
    /// Runs before or after that have no partner.
    public var unpaired: [RunRecord]

    /// Pairs `before` and `after` by `key` (the newest run of each key on each side).
    public init(before: [RunRecord], after: [RunRecord], key: (RunRecord) -> String) {
        func newest(_ runs: [RunRecord]) -> [String: RunRecord] {
            var chosen: [String: RunRecord] = [:]
            for run in runs where (chosen[key(run)]?.id ?? Int64.min) < (run.id ?? Int64.min) { chosen[key(run)] = run }
            return chosen
        }
        let old = newest(before)
        let new = newest(after)
        rows = old.keys.filter { new[$0] != nil }.sorted().compactMap { name in
            guard let first = old[name], let second = new[name] else { return nil }
            let subject = first.subject == second.subject ? first.subject : "\(first.subject) -> \(second.subject)"
            return Row(subject: subject, command: first.command, before: first, after: second)
        }
        unpaired = (Array(old.filter { new[$0.key] == nil }.values) + Array(new.filter { old[$0.key] == nil }.values))
            .sorted { ($0.subject, $0.command) < ($1.subject, $1.command) }
    }

    /// Two runs, whatever they measured.
    public init(before: RunRecord, after: RunRecord) {
        self.init(before: [before], after: [after]) { _ in "" }
    }

    /// The same service at two targets: `naive` against `runtime` for every service that has both.
    public static func targets(_ runs: [RunRecord], before: String, after: String) -> RunComparison {
        RunComparison(
            before: runs.filter { $0.target == before }, after: runs.filter { $0.target == after },
            key: { "\($0.project)\u{0}\($0.service)\u{0}\($0.command)" })
    }

    /// The same images at two points (two commits): each image and command paired with itself.
    public static func points(before: [RunRecord], after: [RunRecord]) -> RunComparison {
        RunComparison(before: before, after: after, key: { "\($0.project)\u{0}\($0.subject)\u{0}\($0.command)" })
    }

    private static func pair<T>(_ before: T?, _ after: T?, _ text: (T) -> String) -> String {
        guard before != nil || after != nil else { return "" }
        return "\(before.map(text) ?? "-") -> \(after.map(text) ?? "-")"
    }

    /// The measures of a row besides the size: build time, cache hits, layers, efficiency, waste,
    /// tests, vulnerabilities; those neither run has are left out.
    public static func measures(_ row: Row) -> [(String, String)] {
        let before = row.before
        let after = row.after
        let candidates: [(String, String)] = [
            ("build time", pair(before.buildSeconds, after.buildSeconds, MeasureText.seconds)),
            ("cache hits", pair(before.cacheHitRate, after.cacheHitRate, MeasureText.percent)),
            ("layers", pair(before.layers, after.layers) { String($0) }),
            ("efficiency", pair(before.efficiency, after.efficiency, MeasureText.percent)),
            ("wasted", pair(before.wastedBytes, after.wastedBytes, MeasureText.megabytes)),
            ("tests failed", pair(before.testsFailed, after.testsFailed) { String($0) }),
            ("vulnerabilities", pair(before.vulnerabilities, after.vulnerabilities) { String($0) }),
        ]
        return candidates.filter { !$0.1.isEmpty }
    }

    private func cells(_ row: Row) -> [String] {
        [
            row.subject, row.command, row.before.sizeBytes.map(MeasureText.megabytes) ?? "-",
            row.after.sizeBytes.map(MeasureText.megabytes) ?? "-", row.reduction.map(MeasureText.percent) ?? "-",
            Self.measures(row).map { "\($0.0) \($0.1)" }.joined(separator: "; "),
        ]
    }

    /// The table for a terminal, with the runs left unpaired.
    public func text() -> String {
        var lines = [
            textTable([["IMAGE", "COMMAND", "BEFORE", "AFTER", "REDUCTION", "ALSO"]] + rows.map { cells($0).map(terminalSafe) })
        ]
        if rows.isEmpty { lines = ["no runs to pair: nothing recorded on both sides"] }
        for run in unpaired {
            lines.append("only on one side: \(terminalSafe(run.subject)) (\(run.command), run \(run.id ?? 0))")
        }
        return lines.joined(separator: "\n")
    }

    /// The seed's table, for a CI step summary.
    public func markdown() -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["| image | command | before | after | reduction | also |", "| --- | --- | --- | --- | --- | --- |"]
        lines += rows.map { "| " + cells($0).map(cell).joined(separator: " | ") + " |" }
        return lines.joined(separator: "\n")
    }
}
