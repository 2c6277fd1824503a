import Foundation
import TestSupport
import Testing

/// A stack built twice on the engine, the second time with one image grown by more than 10%:
/// `build` records both runs, `history` lists them, `gate` fails naming the grown image and
/// passes the other; `--no-history` records nothing; `report` writes a page a headless browser
/// reads the numbers from.
@Suite(.serialized, .enabled(if: Engine.isUsable || Paths.isCI, "no Docker engine answers; scripts/engine.sh starts one"))
final class HistoryEngineTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("history-engine") }
    deinit {
        try? FileManager.default.removeItem(at: folder)
        _ = try? Engine.docker(["image", "rm", "-f", "history-test/api:1", "history-test/web:1"], timeout: 60)
    }

    func write(_ path: String, _ text: String) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func stagecraft(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(
            Paths.stagecraft.path, arguments,
            environment: environment.merging(["STAGECRAFT_DOCKER": Engine.client, "CI": "true"]) { $1 },
            directory: folder, timeout: 600)
    }

    func dockerfile(bytes: Int) -> String {
        "FROM stagecraft/busybox:local\nRUN head -c \(bytes) /dev/urandom > /payload\nUSER 10001\nCMD [\"sleep\", \"60\"]\n"
    }

    @Test func aGrownImageCrossesTheSizeGate() throws {
        try write(
            "compose.yaml",
            """
            services:
              api:
                image: history-test/api:1
                build: {context: api}
              web:
                image: history-test/web:1
                build: {context: web}

            """)
        try write("api/Dockerfile", dockerfile(bytes: 1_000_000))
        try write("web/Dockerfile", dockerfile(bytes: 1_000_000))
        let first = try stagecraft(["build"])
        try #require(first.status == 0, "\(first.stderrText)")
        let quiet = try stagecraft(["gate"])
        #expect(quiet.status == 0 && quiet.stdoutText.contains("no run has a baseline yet"), "\(quiet.stdoutText)")

        try write("api/Dockerfile", dockerfile(bytes: 1_600_000))
        // --gate checks what the build recorded: exit 1, the grown image named on standard error.
        let second = try stagecraft(["build", "--gate"])
        #expect(second.status == 1, "\(second.stderrText)")
        #expect(second.stderrText.contains("error: gate/size-growth: api (build): size grew"), "\(second.stderrText)")
        #expect(!second.stderrText.contains("gate/size-growth: web"))
        let contradictory = try stagecraft(["build", "--gate", "--no-history"])
        #expect(contradictory.status == 2 && contradictory.stderrText.contains("cannot go with --no-history"))
        let unrecorded = try stagecraft(["build", "--no-history"])
        #expect(unrecorded.status == 0)

        let listed = try stagecraft(["history", "--format", "json"])
        #expect(listed.status == 0, "\(listed.stderrText)")
        let runs = try #require(try JSONSerialization.jsonObject(with: listed.stdout) as? [[String: Any]])
        #expect(runs.count == 4, "two builds of two services; --no-history added none")
        #expect(runs.allSatisfy { ($0["sizeBytes"] as? Int ?? 0) > 1_000_000 && $0["buildSeconds"] != nil })

        let gate = try stagecraft(["gate", "--format", "json"])
        #expect(gate.status == 1, "\(gate.stdoutText)\(gate.stderrText)")
        let outcomes = try #require(try JSONSerialization.jsonObject(with: gate.stdout) as? [[String: Any]])
        let crossed = outcomes.filter { $0["crossed"] as? Bool == true }.compactMap { $0["message"] as? String }
        #expect(crossed.count == 1 && crossed[0].hasPrefix("api (build): size grew"), "\(crossed)")
        let grown = try #require(outcomes.first { $0["crossed"] as? Bool == true })
        let (before, after) = (grown["beforeValue"] as? Double ?? 0, grown["afterValue"] as? Double ?? 0)
        #expect(before > 1_000_000 && after / before > 1.1, "the sizes in bytes: \(before) -> \(after)")
        #expect(outcomes.contains { $0["image"] as? String == "web" && $0["crossed"] as? Bool == false })
        let annotations = try stagecraft(["gate", "--format", "github"])
        #expect(annotations.stdoutText.hasPrefix("::error title=stagecraft gate%3A gate/size-growth::api (build)"))

        // test and scan record too: the checks passed and failed, the vulnerabilities found.
        let tested = try stagecraft(["test", "--image", "history-test/web:1"])
        #expect(tested.status == 0, "\(tested.stdoutText)\(tested.stderrText)")
        try write(
            "osv/none.json",
            #"{"id": "PYSEC-0", "affected": [{"package": {"ecosystem": "PyPI", "name": "nothing-here"}, "versions": ["1.0"]}]}"#)
        let scanned = try stagecraft(["scan", "history-test/web:1", "--scanners", "vuln", "--advisories", "osv"])
        #expect(scanned.status == 0, "\(scanned.stderrText)")
        let others = try stagecraft(["history", "--format", "json", "--service", "history-test/web"])
        let recorded = try #require(try JSONSerialization.jsonObject(with: others.stdout) as? [[String: Any]])
        #expect(Set(recorded.compactMap { $0["command"] as? String }) == ["test", "scan"], "\(recorded)")
        let test = try #require(recorded.first { $0["command"] as? String == "test" })
        #expect((test["testsPassed"] as? Int ?? 0) > 0 && test["testsFailed"] as? Int == 0 && test["target"] as? String == "1")
        #expect(recorded.first { $0["command"] as? String == "scan" }?["vulnerabilities"] as? Int == 0)

        // The report: one page with no script, read by a real browser with JavaScript off.
        let report = try stagecraft(["report", "--output", "out/report.html"])
        #expect(report.status == 0, "\(report.stderrText)")
        let page = try String(contentsOf: folder.appendingPathComponent("out/report.html"), encoding: .utf8)
        #expect(!page.contains("<script") && !page.contains("http://") && !page.contains("https://"), "self-contained")
        let noLimit = try stagecraft(["report", "--limit", "0"])
        #expect(noLimit.status == 2 && noLimit.stderrText.contains("--limit takes 1 or more"))
        let markdown = try stagecraft(["report", "--format", "markdown"])
        #expect(markdown.stdoutText.contains("| api | build |") && markdown.stdoutText.contains(":x: api (build): size grew"))
        if let chromium = Paths.executable(named: "chromium") {
            let url = folder.appendingPathComponent("out/report.html").absoluteString
            let browser = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-javascript"]
            let dom = try ProcessRunner.run(chromium, browser + ["--dump-dom", url], timeout: 120)
            #expect(dom.status == 0, "\(dom.stderrText.suffix(500))")
            let text = dom.stdoutText
            #expect(text.contains("data-crossed=\"1\""), "one gate crossed")
            #expect(text.contains("data-subject=\"api\" data-gate=\"size-growth\">FAIL</td>"))
            #expect(text.contains("data-subject=\"web\" data-gate=\"size-growth\">pass</td>"))
            let sizes = runs.filter { $0["service"] as? String == "api" }.compactMap { $0["sizeBytes"] as? Int }
            #expect(text.contains("class=\"latest-size\" data-bytes=\"\(sizes.max() ?? 0)\""), "the grown size is the latest")
            #expect(text.components(separatedBy: "<svg class=\"chart\"").count - 1 >= 4, "size and build-time charts per image")
            let shot = folder.appendingPathComponent("report.png")
            let screenshot = try ProcessRunner.run(
                chromium, browser + ["--screenshot=\(shot.path)", "--window-size=1000,900", url], timeout: 120)
            #expect(screenshot.status == 0)
            let png = try Data(contentsOf: shot)
            #expect(png.count > 10_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "a PNG screenshot")
        } else if Paths.isCI {
            Issue.record("chromium is not installed; scripts/test.sh installs it")
        }

        // The same history moved to a PostgreSQL server (export, import) gates the same way, and a
        // build records there when STAGECRAFT_HISTORY_URL names it.
        if TestPostgres.shouldRun {
            let server = try TestPostgres.freshDatabase()
            defer { TestPostgres.dropDatabase(server) }
            let exported = try stagecraft(["history", "export"])
            try write("runs.jsonl", exported.stdoutText)
            let imported = try stagecraft(["history", "import", "--history", server, "runs.jsonl"])
            #expect(imported.status == 0 && imported.stderrText.contains("imported 6 run(s)"), "\(imported.stderrText)")
            let serverGate = try stagecraft(["gate", "--format", "json", "--history", server])
            #expect(serverGate.status == 1 && serverGate.stdoutText == gate.stdoutText, "\(serverGate.stdoutText)")
            let rebuilt = try stagecraft(["build"], environment: ["STAGECRAFT_HISTORY_URL": server])
            #expect(rebuilt.status == 0, "\(rebuilt.stderrText)")
            #expect(try TestPostgres.psql(server, "SELECT count(*) FROM stagecraft.runs WHERE command = 'build'") == "6")
            let unreachable = try stagecraft(
                ["gate"], environment: ["STAGECRAFT_HISTORY_URL": "postgresql://ci@127.0.0.1:1/history"])
            #expect(unreachable.status == 2 && unreachable.stderrText.contains("cannot connect to the PostgreSQL server"))
        }

        // A history that is not one: exit 2, named, left as it was.
        try write("broken.db", "not a database")
        let broken = try stagecraft(["gate", "--history", "broken.db"])
        #expect(broken.status == 2 && broken.stderrText.contains("broken.db"), "\(broken.stderrText)")
        #expect(try String(contentsOf: folder.appendingPathComponent("broken.db"), encoding: .utf8) == "not a database")
    }
}
