import Foundation
import StagecraftConfiguration
import StagecraftReporting

/// One gate checked on one run against its baseline.
public struct GateOutcome: Sendable, Equatable {
    /// `size-growth`, `build-time-growth`, `cache-hit-drop`, `efficiency-floor`, `new-vulnerabilities`.
    public var gate: String
    public var run: RunRecord
    public var baseline: RunRecord?
    /// The measure before and after, as a reader sees them (`118.0 MB`, `62%`).
    public var before: String
    public var after: String
    /// What the gate allows (`+10%`).
    public var limit: String
    public var crossed: Bool
    /// The measure before and after as numbers (bytes, seconds, shares, counts), for machines.
    public var beforeValue: Double?
    public var afterValue: Double?

    /// `api:runtime: size grew 25.3% (118.0 MB -> 147.8 MB), more than 10%`.
    public var message: String
}

/// The regression gates of `gates:` applied to the newest run of each image and command, each
/// against its baseline: the last earlier run of the same project, subject and command on the
/// baseline branch (outside a git checkout, the last earlier run).
public enum RegressionGates {
    public static func evaluate(_ store: HistoryStore, settings: GateSettings, project: String? = nil) throws(FileProblem)
        -> [GateOutcome]
    {
        var outcomes: [GateOutcome] = []
        for run in try store.newestRuns(project: project).sorted(by: { ($0.subject, $0.command) < ($1.subject, $1.command) }) {
            let baseline = try store.baseline(for: run, branch: run.branch == nil ? nil : settings.baselineBranch)
            outcomes += evaluate(run, baseline: baseline, settings: settings)
        }
        return outcomes
    }

    /// The gates that apply to `run` (those whose measure it has).
    public static func evaluate(_ run: RunRecord, baseline: RunRecord?, settings: GateSettings) -> [GateOutcome] {
        var outcomes: [GateOutcome] = []
        let percent = MeasureText.percent
        let megabytes = MeasureText.megabytes
        let seconds = MeasureText.seconds
        func add(
            _ gate: String, before: String, after: String, limit: String, crossed: Bool, values: (Double?, Double?),
            _ message: String
        ) {
            outcomes.append(
                GateOutcome(
                    gate: gate, run: run, baseline: baseline, before: before, after: after, limit: limit, crossed: crossed,
                    beforeValue: values.0, afterValue: values.1, message: "\(run.subject) (\(run.command)): \(message)"))
        }
        if let limit = settings.sizeGrowth, let after = run.sizeBytes, let before = baseline?.sizeBytes, before > 0 {
            let growth = Double(after - before) / Double(before)
            add(
                "size-growth", before: megabytes(before), after: megabytes(after), limit: "+" + percent(limit),
                crossed: growth > limit, values: (Double(before), Double(after)),
                "size \(growth >= 0 ? "grew" : "shrank") \(percent(abs(growth))) (\(megabytes(before)) -> \(megabytes(after)))"
                    + (growth > limit ? ", more than \(percent(limit))" : ""))
        }
        if let limit = settings.buildTimeGrowth, let after = run.buildSeconds, let before = baseline?.buildSeconds, before > 0 {
            let growth = (after - before) / before
            add(
                "build-time-growth", before: seconds(before), after: seconds(after),
                limit: "+" + percent(limit), crossed: growth > limit, values: (before, after),
                "build time \(seconds(before)) -> \(seconds(after)) (\(growth >= 0 ? "+" : "-")\(percent(abs(growth))))"
                    + (growth > limit ? ", more than \(percent(limit))" : ""))
        }
        if let limit = settings.cacheHitDrop, let after = run.cacheHitRate, let before = baseline?.cacheHitRate {
            let drop = before - after
            add(
                "cache-hit-drop", before: percent(before), after: percent(after), limit: "-" + percent(limit),
                crossed: drop > limit, values: (before, after),
                "cache hits \(percent(before)) -> \(percent(after))"
                    + (drop > limit ? ", a drop of more than \(percent(limit))" : ""))
        }
        if let floor = settings.efficiencyFloor, let efficiency = run.efficiency {
            add(
                "efficiency-floor", before: baseline?.efficiency.map(percent) ?? "", after: percent(efficiency),
                limit: ">= " + percent(floor), crossed: efficiency < floor, values: (baseline?.efficiency, efficiency),
                "efficiency \(percent(efficiency))" + (efficiency < floor ? ", below \(percent(floor))" : ""))
        }
        if settings.newVulnerabilities, let after = run.severeVulnerabilities, let before = baseline?.severeVulnerabilities {
            let known = Set(before)
            let new = after.filter { !known.contains($0) }
            let listed = new.prefix(5).joined(separator: ", ") + (new.count > 5 ? " and \(new.count - 5) more" : "")
            add(
                "new-vulnerabilities", before: "\(before.count)", after: "\(after.count)", limit: "no new high/critical",
                crossed: !new.isEmpty, values: (Double(before.count), Double(after.count)),
                new.isEmpty
                    ? "no new high or critical vulnerabilities (\(after.count) in all)"
                    : "\(new.count) new high or critical vulnerabilit\(new.count == 1 ? "y" : "ies"): \(listed)")
        }
        return outcomes
    }
}
