import Foundation
import StagecraftConfiguration
import StagecraftHistory
import StagecraftReporting
import TestSupport
import Testing

/// Where a test's history lives: an SQLite file, or a database of its own on the PostgreSQL server
/// scripts/postgres.sh starts (the tests that need it are skipped, saying why, when there is none
/// outside CI).
enum Backend: String, CustomStringConvertible, CaseIterable {
    case sqlite, postgres
    var description: String { rawValue }
    static var testable: [Backend] { TestPostgres.shouldRun ? allCases : [.sqlite] }
}

/// The run history, the same on SQLite and PostgreSQL: what is recorded comes back whole,
/// baselines are the last earlier run of the same image and command on the baseline branch, several
/// writers at once lose nothing; and files that are not this history are refused.
@Suite final class HistoryStoreTests {
    private let folder: URL
    private var databases: [String] = []

    init() throws { folder = try Paths.temporaryDirectory("history") }
    deinit {
        try? FileManager.default.removeItem(at: folder)
        databases.forEach(TestPostgres.dropDatabase)
    }

    /// A new, empty history location on `backend`.
    func location(_ backend: Backend, _ name: String = "history.db") throws -> String {
        switch backend {
        case .sqlite: return folder.appendingPathComponent(UUID().uuidString).appendingPathComponent(name).path
        case .postgres:
            let url = try TestPostgres.freshDatabase()
            databases.append(url)
            return url
        }
    }

    static func run(
        _ service: String, command: String = "inspect", size: Int64? = nil, seconds: Double? = nil, branch: String? = nil,
        commit: String = UUID().uuidString, dirty: Bool = false
    ) -> RunRecord {
        var run = RunRecord(
            project: "shop", command: command, service: service, target: "runtime",
            git: branch.map { GitState(commit: commit, branch: $0, dirty: dirty) })
        run.sizeBytes = size
        run.buildSeconds = seconds
        return run
    }

    @Test(arguments: Backend.testable) func runsComeBackNewestFirstAndBaselinesAreTheLastEarlierRun(backend: Backend) throws {
        let store = try HistoryStore(location: try location(backend))
        try store.record([Self.run("api", size: 100_000_000, branch: "main"), Self.run("web", size: 50_000_000, branch: "main")])
        try store.record([Self.run("api", size: 90_000_000, branch: "feature")])
        let stored = try store.record([Self.run("api", size: 126_000_000, branch: "feature", commit: "abc123")])
        let listed = try store.runs(HistoryStore.Filter(service: "api"))
        #expect(listed.map(\.sizeBytes) == [126_000_000, 90_000_000, 100_000_000])
        #expect(listed.first?.branch == "feature" && listed.first?.gitCommit == "abc123" && listed.first?.dirty == false)
        let current = try #require(stored.first)
        #expect(try store.baseline(for: current, branch: "main")?.sizeBytes == 100_000_000)
        #expect(try store.baseline(for: current, branch: nil)?.sizeBytes == 90_000_000)

        var settings = GateSettings()
        settings.efficiencyFloor = 0.9
        let outcomes = try RegressionGates.evaluate(store, settings: settings)
        let api = try #require(outcomes.first { $0.run.service == "api" && $0.gate == "size-growth" })
        #expect(api.crossed && api.before == "100.0 MB" && api.after == "126.0 MB")
        #expect(api.message == "api:runtime (inspect): size grew 26.0% (100.0 MB -> 126.0 MB), more than 10.0%")
        #expect(!outcomes.contains { $0.run.service == "web" }, "web has no baseline and no efficiency")

        #expect(try store.prune(keepingLast: 1) == 2)
        #expect(try store.count() == 2)
    }

    /// Building the same commit again, or with uncommitted changes, does not make a baseline: a
    /// regression cannot become its own baseline by a rebuild.
    @Test(arguments: Backend.testable) func baselinesAreCleanRunsOfAnotherCommit(backend: Backend) throws {
        let store = try HistoryStore(location: try location(backend))
        try store.record([Self.run("api", size: 100, branch: "main", commit: "c1")])
        try store.record([Self.run("api", size: 200, branch: "main", commit: "c2")])
        try store.record([Self.run("api", size: 300, branch: "main", commit: "c3", dirty: true)])
        let rebuilt = try #require(try store.record([Self.run("api", size: 200, branch: "main", commit: "c2")]).first)
        #expect(try store.baseline(for: rebuilt, branch: "main")?.sizeBytes == 100, "not c2 again, not the dirty c3")
        var outside = Self.run("api", size: 5)
        outside.gitCommit = nil
        let stored = try #require(try store.record([outside]).first)
        #expect(try store.baseline(for: stored, branch: nil)?.sizeBytes == 200, "outside git: the last earlier run")
    }

    @Test func buildGatesCompareTimeAndCacheHits() {
        var settings = GateSettings()
        settings.buildTimeGrowth = 0.5
        settings.cacheHitDrop = 0.2
        var before = Self.run("api", command: "build", seconds: 10)
        before.cacheHitRate = 0.9
        var after = Self.run("api", command: "build", seconds: 16)
        after.cacheHitRate = 0.8
        let outcomes = RegressionGates.evaluate(after, baseline: before, settings: settings)
        #expect(outcomes.map(\.gate) == ["build-time-growth", "cache-hit-drop"])
        #expect(outcomes.map(\.crossed) == [true, false])
        #expect(outcomes[0].message.contains("10.0 s -> 16.0 s (+60.0%), more than 50.0%"))
    }

    /// Every field a run records comes back as it went in, numbers to the last bit.
    @Test(arguments: Backend.testable) func everyFieldComesBackAsRecorded(backend: Backend) throws {
        let store = try HistoryStore(location: try location(backend))
        var run = RunRecord(
            recordedAt: Date(timeIntervalSince1970: 1_764_982_146.123_456_7), project: "shop's \"front\" ?", command: "build",
            service: "web/app", target: "runtime",
            git: GitState(commit: String(repeating: "f", count: 40), branch: "main", dirty: true))
        run.image = "shop/web:runtime"
        run.imageID = "sha256:" + String(repeating: "ab", count: 32)
        run.sizeBytes = 9_007_199_254_740_993
        run.layers = 17
        run.buildSeconds = 0.1 + 0.2
        run.cacheHitRate = 2.0 / 3.0
        run.efficiency = 0.987_654_321_012_345_6
        run.wastedBytes = 0
        run.testsPassed = 5
        run.testsFailed = 1
        run.vulnerabilities = 3
        run.details = #"{"steps":[{"name":"RUN npm ci","seconds":1.5}], "quote":"'"}"#
        let stored = try store.record([run, RunRecord(project: "p", command: "inspect", service: "bare")])
        let ids = stored.compactMap(\.id)
        #expect(ids.count == 2 && ids[0] < ids[1])
        var expected = run
        expected.id = ids[0]
        let back = try store.runs(HistoryStore.Filter(command: "build"))
        #expect(back == [expected])
        let bare = try #require(try store.runs(HistoryStore.Filter(service: "bare")).first)
        #expect(bare.gitCommit == nil && bare.dirty == nil && bare.sizeBytes == nil && bare.cacheHitRate == nil)
        #expect(try store.newestRuns(project: "p").map(\.service) == ["bare"])
    }

    /// Four writers, each with its own connection, recording at once: every run lands.
    @Test(arguments: Backend.testable) func concurrentWritersLoseNothing(backend: Backend) throws {
        let path = try location(backend)
        _ = try HistoryStore(location: path)
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 4) { writer in
            do {
                let store = try HistoryStore(location: path)
                for index in 0..<25 { try store.record([Self.run("svc\(writer)", size: Int64(index))]) }
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        #expect(try HistoryStore(location: path).count() == 100)
    }

    @Test func filesThatAreNotThisHistoryAreRefusedAndLeftAlone() throws {
        let junk = folder.appendingPathComponent("junk.db")
        try Data(repeating: 7, count: 4096).write(to: junk)
        #expect(throws: FileProblem.self) { try HistoryStore(path: junk.path) }
        #expect(try Data(contentsOf: junk) == Data(repeating: 7, count: 4096), "nothing overwritten")
        let advisories = folder.appendingPathComponent("other.db").path
        guard let python = Paths.executable(named: "python3") else { return }
        let made = try ProcessRunner.run(
            python,
            [
                "-c",
                "import sqlite3, sys; d = sqlite3.connect(sys.argv[1]); d.execute('CREATE TABLE t (x)'); d.commit(); "
                    + "n = sqlite3.connect(sys.argv[2]); n.execute('PRAGMA user_version = 7'); n.execute('CREATE TABLE t (x)'); n.commit()",
                advisories, folder.appendingPathComponent("newer.db").path,
            ])
        try #require(made.status == 0, "\(made.stderrText)")
        #expect {
            try HistoryStore(path: advisories)
        } throws: { error in
            "\(error)".contains("not a stagecraft history")
        }
        #expect {
            try HistoryStore(path: folder.appendingPathComponent("newer.db").path)
        } throws: { error in
            "\(error)".contains("newer stagecraft (schema 7")
        }
    }
}

/// Errors collected from concurrent work.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
}
