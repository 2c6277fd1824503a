import Foundation
import StagecraftHistory
import TestSupport
import Testing

/// A `history import` killed (SIGKILL) in the middle of its transaction leaves the history as it
/// was: every run of the import, or none of them, and a file SQLite finds intact; the same on a
/// PostgreSQL server, where the server rolls back what the killed connection left open.
@Suite final class HistoryKillTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("history-kill") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A JSON lines file of `count` runs, as `history export` writes them.
    func runs(_ count: Int) throws -> URL {
        var lines = ""
        for index in 0..<count {
            lines +=
                #"{"project":"p","command":"build","service":"svc\#(index % 40)","target":"","recordedAt":"2026-12-01T00:00:00Z","sizeBytes":\#(index)}"#
                + "\n"
        }
        let file = folder.appendingPathComponent("runs-\(count).jsonl")
        try Data(lines.utf8).write(to: file)
        return file
    }

    /// Imports `file` into `history`, killing the import at several points late in its time
    /// (measured on `scratch`: it parses first, then writes in one transaction, so those kills
    /// land in the middle of the write); after each, `count` must be all of an import or none.
    /// Returns how many kills `writing` saw land while the write was open.
    func killImports(
        of file: URL, runs: Int, into history: String, scratch: String, writing: () throws -> Bool, count: () throws -> Int
    ) throws -> Int {
        func start(_ history: String) throws -> Process {
            let process = Process()
            process.executableURL = Paths.stagecraft
            process.arguments = ["history", "import", "--history", history, file.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        let started = Date()
        let full = try start(scratch)
        full.waitUntilExit()
        let whole = Date().timeIntervalSince(started)
        try #require(full.terminationStatus == 0)
        var killedWhileWriting = 0
        for share in [0.6, 0.75, 0.85, 0.95] {
            let process = try start(history)
            Thread.sleep(forTimeInterval: whole * share)
            let open = try writing()
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal && open { killedWhileWriting += 1 }
            let recorded = try count()
            #expect((recorded - 1) % runs == 0, "all of an import or none: \(recorded) runs")
        }
        return killedWhileWriting
    }

    @Test func aKilledWriterLeavesTheHistoryConsistent() throws {
        let path = folder.appendingPathComponent("history.db").path
        let store = try HistoryStore(path: path)
        try store.record([RunRecord(project: "p", command: "inspect", service: "kept")])
        let killedWhileWriting = try killImports(
            of: try runs(200_000), runs: 200_000, into: path, scratch: folder.appendingPathComponent("scratch.db").path,
            // Pages of an unfinished transaction in the write-ahead log: the kill lands mid-write.
            writing: { ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0) > 1_000_000 },
            count: { try HistoryStore(path: path).count() })
        #expect(killedWhileWriting > 0, "no kill landed in the write")
        #expect(try HistoryStore(path: path).runs(HistoryStore.Filter(service: "kept")).count == 1)
        if let python = Paths.executable(named: "python3") {
            let check = try ProcessRunner.run(
                python,
                [
                    "-c",
                    "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
                    path,
                ])
            #expect(check.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        }
    }

    @Test(.enabled(if: TestPostgres.shouldRun, "no PostgreSQL server: scripts/postgres.sh starts one"))
    func aKilledWriterLeavesAPostgreSQLHistoryConsistent() throws {
        let server = try TestPostgres.freshDatabase()
        let scratch = try TestPostgres.freshDatabase()
        defer { [server, scratch].forEach(TestPostgres.dropDatabase) }
        try HistoryStore(location: server).record([RunRecord(project: "p", command: "inspect", service: "kept")])
        let killedWhileWriting = try killImports(
            of: try runs(30_000), runs: 30_000, into: server, scratch: scratch,
            // A connection of stagecraft's holding a transaction that has written: the kill lands mid-write.
            writing: {
                try TestPostgres.psql(
                    server,
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'stagecraft' AND backend_xid IS NOT NULL")
                    != "0"
            },
            count: {
                // The server notices the dead connection and rolls its transaction back.
                Int(try TestPostgres.psql(server, "SELECT count(*) FROM stagecraft.runs")) ?? -1
            })
        #expect(killedWhileWriting > 0, "no kill landed in the write")
        #expect(try HistoryStore(location: server).runs(HistoryStore.Filter(service: "kept")).count == 1)
    }
}
