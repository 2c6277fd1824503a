import Foundation
import TestSupport
import Testing

/// The history is the project's, wherever in it a command runs: a run recorded at the top of a
/// repository is read by `history` in a subfolder (as the same project), and the subfolder gets no
/// history of its own; a subfolder with a compose file of its own is a project of its own.
@Suite struct HistoryLocationTests {
    @Test func aSubfolderReadsTheHistoryRecordedAtTheRepositoryRoot() throws {
        let root = try Paths.temporaryDirectory("history-location")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
        let sub = root.appendingPathComponent("services/api")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let archive = Paths.packageRoot.appendingPathComponent("Tests/StagecraftImageTests/Fixtures/engine-layers.tar").path
        let recorded = try ProcessRunner.run(Paths.stagecraft.path, ["inspect", "--format", "json", archive], directory: root)
        #expect(recorded.status == 0, "\(recorded.stderrText)")
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(".stagecraft/history.db").path))

        let listed = try ProcessRunner.run(Paths.stagecraft.path, ["history", "list"], directory: sub)
        #expect(listed.status == 0, "\(listed.stderrText)")
        #expect(listed.stdoutText.contains("1 of 1 runs in \(root.path)"), "\(listed.stdoutText)")
        // Recording from the subfolder adds to the same history.
        let again = try ProcessRunner.run(Paths.stagecraft.path, ["inspect", "--format", "json", archive], directory: sub)
        #expect(again.status == 0, "\(again.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: sub.appendingPathComponent(".stagecraft").path))
        let twice = try ProcessRunner.run(Paths.stagecraft.path, ["history", "list", "--all-projects"], directory: root)
        #expect(twice.stdoutText.contains("2 of 2 runs in .stagecraft/history.db"), "\(twice.stdoutText)")

        let own = root.appendingPathComponent("tools")
        try Paths.write("name: tools\nservices:\n  cli:\n    image: busybox\n", to: "compose.yaml", in: own)
        let separate = try ProcessRunner.run(Paths.stagecraft.path, ["inspect", "--format", "json", archive], directory: own)
        #expect(separate.status == 0, "\(separate.stderrText)")
        #expect(FileManager.default.fileExists(atPath: own.appendingPathComponent(".stagecraft/history.db").path))
    }
}
