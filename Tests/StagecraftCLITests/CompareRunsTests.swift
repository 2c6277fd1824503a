import Foundation
import TestSupport
import Testing

/// `compare --runs` and `compare --before/--after` on a recorded history: two git revisions of a
/// repository, two run ids, two targets; a run or revision that is not there is exit 2.
@Suite final class CompareRunsTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("compare-runs") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func run(_ executable: String, _ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(executable, arguments, directory: folder, timeout: 120)
    }

    @Test func runsCommitsAndTargetsCompare() throws {
        let git = try #require(Paths.executable(named: "git"))
        #expect(try run(git, ["init", "-q"]).status == 0)
        var commits: [String] = []
        for message in ["one", "two"] {
            let made = try run(
                git, ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", message])
            try #require(made.status == 0, "\(made.stderrText)")
            commits.append(try run(git, ["rev-parse", "HEAD"]).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        func line(_ service: String, _ target: String, _ size: Int, _ commit: String, seconds: Double? = nil) -> String {
            #"{"project":"shop","command":"build","service":"\#(service)","target":"\#(target)","recordedAt":"2026-12-01T00:00:00Z","sizeBytes":\#(size),"gitCommit":"\#(commit)""#
                + (seconds.map { #","buildSeconds":\#($0)"# } ?? "") + "}"
        }
        let lines = [
            line("api", "naive", 900_000_000, commits[0]), line("api", "runtime", 200_000_000, commits[0], seconds: 40),
            line("web", "runtime", 100_000_000, commits[0]), line("api", "runtime", 230_000_000, commits[1], seconds: 20),
            line("web", "naive", 400_000_000, commits[1]),
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("runs.jsonl"))
        let stagecraft = Paths.stagecraft.path
        #expect(try run(stagecraft, ["history", "import", "runs.jsonl"]).status == 0)

        // The runs are project shop's; this folder's own project has none.
        let elsewhere = try run(stagecraft, ["compare", "--runs", "HEAD~1", "HEAD"])
        #expect(
            elsewhere.status == 2 && elsewhere.stderrText.contains("nothing was recorded at HEAD~1"), "\(elsewhere.stderrText)")
        let commitsCompared = try run(
            stagecraft, ["compare", "--runs", "HEAD~1", "HEAD", "--project", "shop", "--format", "json"])
        #expect(commitsCompared.status == 0, "\(commitsCompared.stderrText)")
        let document = try #require(try JSONSerialization.jsonObject(with: commitsCompared.stdout) as? [String: Any])
        let rows = try #require(document["rows"] as? [[String: Any]])
        #expect(rows.map { $0["subject"] as? String } == ["api:runtime"])
        #expect(abs((rows.first?["reduction"] as? Double ?? 0) + 0.15) < 1e-9, "grew 15%")
        #expect((document["unpaired"] as? [Any])?.count == 3)

        let targets = try run(
            stagecraft, ["compare", "--before", "naive", "--after", "runtime", "--all-projects", "--format", "markdown"])
        #expect(targets.stdoutText.contains("| api:naive -> api:runtime | build | 900.0 MB | 230.0 MB | 74.4% |"))
        #expect(targets.stdoutText.contains("| web:naive -> web:runtime | build | 400.0 MB | 100.0 MB | 75.0% |"))

        let ids = try run(stagecraft, ["compare", "--runs", "2", "4"])
        #expect(ids.status == 0 && ids.stdoutText.contains("build time 40.0 s -> 20.0 s"), "\(ids.stdoutText)")

        let missing = try run(stagecraft, ["compare", "--runs", "99", "4"])
        #expect(missing.status == 2 && missing.stderrText.contains("no run 99"))
        let unknown = try run(stagecraft, ["compare", "--runs", "no-such-branch", "HEAD"])
        #expect(unknown.status == 2 && unknown.stderrText.contains("neither a run id nor a git revision"))
        let mistyped = try run(stagecraft, ["compare", "--before", "naive", "--after", "runtim", "--project", "shop"])
        #expect(
            mistyped.status == 2 && mistyped.stderrText.contains("nothing recorded at target runtim"), "\(mistyped.stderrText)")
        let twice = try run(stagecraft, ["history", "import", "runs.jsonl"])
        #expect(twice.status == 0 && twice.stderrText.contains("skipped 5 run(s) already in the history"), "\(twice.stderrText)")
        let half = try run(stagecraft, ["compare", "--before", "naive"])
        #expect(half.status == 2 && half.stderrText.contains("--before and --after go together"))
    }
}
