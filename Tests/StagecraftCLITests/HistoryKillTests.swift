import Foundation
import StagecraftHistory
import TestSupport
import Testing

/// A `history import` killed (SIGKILL) in the middle of its transaction leaves the history as it
/// was: every run of the import, or none of them, and a file SQLite finds intact.
@Suite final class HistoryKillTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("history-kill") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    @Test func aKilledWriterLeavesTheHistoryConsistent() throws {
        let path = folder.appendingPathComponent("history.db").path
        let store = try HistoryStore(path: path)
        try store.record([RunRecord(project: "p", command: "inspect", service: "kept")])
        var lines = ""
        for index in 0..<200_000 {
            lines +=
                #"{"project":"p","command":"build","service":"svc\#(index % 40)","target":"","recordedAt":"2026-12-01T00:00:00Z","sizeBytes":\#(index)}"#
                + "\n"
        }
        let file = folder.appendingPathComponent("runs.jsonl")
        try Data(lines.utf8).write(to: file)
        // The import's whole time, into a scratch file; it parses first, then writes in one
        // transaction, so kills late in that time land in the middle of the write.
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
        let full = try start(folder.appendingPathComponent("scratch.db").path)
        full.waitUntilExit()
        let whole = Date().timeIntervalSince(started)
        try #require(full.terminationStatus == 0)
        var killedWhileWriting = 0
        for share in [0.6, 0.75, 0.85, 0.95] {
            let process = try start(path)
            Thread.sleep(forTimeInterval: whole * share)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // Pages of the unfinished transaction in the write-ahead log: it was killed mid-write.
            let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            if process.terminationReason == .uncaughtSignal && wal > 1_000_000 { killedWhileWriting += 1 }
            let count = try HistoryStore(path: path).count()
            #expect((count - 1) % 200_000 == 0, "all of an import or none: \(count) runs")
        }
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
}
