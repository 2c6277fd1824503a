import Foundation
import TestSupport
import Testing

/// A stack built twice on the engine, the second time with one image grown by more than 10%:
/// `build` records both runs, `history` lists them, `gate` fails naming the grown image and
/// passes the other; `--no-history` records nothing.
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

    func stagecraft(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            Paths.stagecraft.path, arguments, environment: ["STAGECRAFT_DOCKER": Engine.client, "CI": "true"],
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
        #expect(quiet.status == 0 && quiet.stdoutText.contains("no run with a baseline"), "\(quiet.stdoutText)")

        try write("api/Dockerfile", dockerfile(bytes: 1_600_000))
        let second = try stagecraft(["build"])
        try #require(second.status == 0, "\(second.stderrText)")
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
        #expect(outcomes.contains { $0["image"] as? String == "web" && $0["crossed"] as? Bool == false })
        let annotations = try stagecraft(["gate", "--format", "github"])
        #expect(annotations.stdoutText.hasPrefix("::error title=stagecraft gate%3A gate/size-growth::api (build)"))

        // A history that is not one: exit 2, named, left as it was.
        try write("broken.db", "not a database")
        let broken = try stagecraft(["gate", "--history", "broken.db"])
        #expect(broken.status == 2 && broken.stderrText.contains("broken.db"), "\(broken.stderrText)")
        #expect(try String(contentsOf: folder.appendingPathComponent("broken.db"), encoding: .utf8) == "not a database")
    }
}
