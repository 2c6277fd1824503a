import Foundation
import StagecraftConfiguration
import StagecraftHistory
import Testing

/// Recorded runs paired for `compare`: the same service at two targets (the seed's table), the same
/// images at two commits, and the gate on new high and critical vulnerabilities.
@Suite struct RunComparisonTests {
    static func run(_ id: Int64, _ service: String, _ target: String, size: Int64?, command: String = "build") -> RunRecord {
        var run = RunRecord(project: "shop", command: command, service: service, target: target)
        run.id = id
        run.sizeBytes = size
        return run
    }

    @Test func targetsPairEachServiceNewestRunAtBoth() {
        var grownAgain = Self.run(5, "api", "runtime", size: 250_000_000)
        grownAgain.buildSeconds = 12
        let runs = [
            Self.run(1, "api", "naive", size: 1_000_000_000), Self.run(2, "api", "runtime", size: 200_000_000),
            Self.run(3, "web", "naive", size: 400_000_000), Self.run(4, "worker", "runtime", size: 90_000_000), grownAgain,
        ]
        let comparison = RunComparison.targets(runs, before: "naive", after: "runtime")
        #expect(comparison.rows.map(\.subject) == ["api:naive -> api:runtime"])
        #expect(comparison.rows.first?.after.id == 5, "the newest run at the target")
        #expect(comparison.rows.first?.reduction == 0.75)
        #expect(comparison.unpaired.map(\.service) == ["web", "worker"])
        #expect(
            comparison.markdown().contains(
                "| api:naive -> api:runtime | build | 1000.0 MB | 250.0 MB | 75.0% | build time - -> 12.0 s |"))
        #expect(comparison.text().contains("only on one side: web:naive (build, run 3)"))
    }

    @Test func pointsPairTheSameImageAndCommand() {
        let before = [Self.run(1, "api", "runtime", size: 100), Self.run(2, "api", "runtime", size: 80, command: "inspect")]
        let after = [Self.run(3, "api", "runtime", size: 150), Self.run(4, "api", "runtime", size: 120, command: "inspect")]
        let comparison = RunComparison.points(before: before, after: after)
        #expect(comparison.rows.map(\.command) == ["build", "inspect"])
        #expect(comparison.rows.map(\.reduction) == [-0.5, -0.5])
        #expect(comparison.unpaired.isEmpty)
    }

    @Test func aNewSevereVulnerabilityCrossesItsGate() {
        var before = Self.run(1, "api", "runtime", size: nil, command: "scan")
        before.severeVulnerabilities = ["CVE-2024-1"]
        var after = Self.run(2, "api", "runtime", size: nil, command: "scan")
        after.severeVulnerabilities = ["CVE-2024-1", "GHSA-xxxx"]
        #expect(after.details == #"{"severe":["CVE-2024-1","GHSA-xxxx"]}"#)
        let settings = GateSettings()
        let crossed = RegressionGates.evaluate(after, baseline: before, settings: settings)
        #expect(crossed.map(\.gate) == ["new-vulnerabilities"] && crossed.allSatisfy(\.crossed))
        #expect(crossed.first?.message == "api:runtime (scan): 1 new high or critical vulnerability: GHSA-xxxx")
        let held = RegressionGates.evaluate(before, baseline: after, settings: settings)
        #expect(held.map(\.crossed) == [false], "one fewer is not new")
        var off = settings
        off.newVulnerabilities = false
        #expect(RegressionGates.evaluate(after, baseline: before, settings: off).isEmpty)
    }
}
