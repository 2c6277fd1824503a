import Foundation
import TestSupport
import Testing

/// `stagecraft build` on the real engine with the offline sample project (examples/offline-stack).
@Suite(.serialized, .enabled(if: Engine.isUsable || Paths.isCI, "no Docker engine answers; scripts/engine.sh starts one"))
final class BuildEngineTests {
    private let folder: URL

    init() throws {
        folder = try Paths.temporaryDirectory("build")
        try FileManager.default.removeItem(at: folder)
        try FileManager.default.copyItem(at: Paths.packageRoot.appendingPathComponent("examples/offline-stack"), to: folder)
    }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func stagecraft(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            Paths.stagecraft.path, arguments, environment: ["STAGECRAFT_DOCKER": Engine.client], directory: folder, timeout: 600)
    }

    static func builds(_ result: ProcessResult) throws -> [[String: Any]] {
        let document = try #require(
            try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderrText)")
        return try #require(document["builds"] as? [[String: Any]])
    }

    @Test func buildsEveryServiceAndTargetThenHitsTheCache() throws {
        try #require(Engine.isUsable, "no Docker engine answers; scripts/engine.sh starts one")
        let first = try stagecraft(["build", "--target", "runtime,development", "--format", "json"])
        #expect(first.status == 0, "\(first.stderrText)")
        let built = try Self.builds(first)
        let labels = built.map { "\($0["service"] as? String ?? ""):\($0["target"] as? String ?? "")" }
        #expect(labels == ["api:runtime", "api:development", "worker:runtime"])
        #expect(built.allSatisfy { ($0["steps"] as? [Any])?.isEmpty == false && $0["succeeded"] as? Bool == true })
        #expect(
            first.stderrText.contains("[api:runtime] [runtime 1/1] COPY --from=build"), "progress lines name the service and step"
        )
        // Every image exists in the engine under its tag, with the non-root user of its target.
        for (tag, user) in [("offline-stack/api:runtime", "10001:10001"), ("offline-stack-api:development", "10001:10001")] {
            let inspect = try Engine.docker(["image", "inspect", "--format", "{{.Config.User}}", tag])
            #expect(inspect.status == 0 && inspect.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == user, "\(tag)")
        }
        let saved = try Data(contentsOf: folder.appendingPathComponent(".stagecraft/build.json"))
        #expect((try JSONSerialization.jsonObject(with: saved) as? [String: Any])?["project"] as? String == "offline-stack")

        let second = try stagecraft(["build", "--format", "json"])
        #expect(second.status == 0)
        for build in try Self.builds(second) {
            #expect(build["cacheHitRate"] as? Double == 1, "\(build["service"] ?? "") rebuilt steps on an unchanged project")
        }
    }

    @Test func aTerminalGetsALiveDisplayAndCIGetsPlainLines() throws {
        try #require(Engine.isUsable, "no Docker engine answers; scripts/engine.sh starts one")
        // `script` gives the command a terminal.
        let command = "'\(Paths.stagecraft.path)' build --service api"
        let terminal = try ProcessRunner.run(
            "script", ["-qec", command, "/dev/null"],
            environment: ["STAGECRAFT_DOCKER": Engine.client, "CI": "", "TERM": "xterm"],
            directory: folder, timeout: 300)
        #expect(terminal.status == 0, "\(terminal.stdoutText)")
        #expect(
            terminal.stdoutText.contains("\u{1B}[2K") && terminal.stdoutText.contains("api:runtime")
                && terminal.stdoutText.contains("steps, "))
        #expect(!terminal.stdoutText.contains("[api:runtime] ["), "no plain step lines on a terminal")
        let plain = try ProcessRunner.run(
            Paths.stagecraft.path, ["build", "--service", "api"],
            environment: ["STAGECRAFT_DOCKER": Engine.client, "CI": "true"], directory: folder,
            timeout: 300)
        #expect(plain.stderrText.contains("[api:runtime] [runtime 1/1] COPY --from=build"))
        #expect(!plain.stderrText.contains("\u{1B}["))
    }

    @Test func aFailingBuildNamesTheServiceAndStepAndExits1() throws {
        try #require(Engine.isUsable, "no Docker engine answers; scripts/engine.sh starts one")
        let dockerfile = folder.appendingPathComponent("worker/Dockerfile")
        let broken = try String(contentsOf: dockerfile, encoding: .utf8).replacingOccurrences(
            of: "COPY run.sh /work/run.sh", with: "COPY run.sh /work/run.sh\nRUN echo compiling && exit 7")
        try Data(broken.utf8).write(to: dockerfile)
        let result = try stagecraft(["build"])
        #expect(result.status == 1)
        #expect(result.stdoutText.contains("error: worker:runtime failed at [runtime 2/2] RUN echo compiling && exit 7"))
        #expect(result.stdoutText.contains("exit code: 7"))
        #expect(
            result.stdoutText.contains("api:runtime") && result.stdoutText.contains("1 of 2 build(s) succeeded"),
            "the other build finishes")
    }

    @Test func composeTargetsTheDockerfileLacksAreAnErrorBeforeBuilding() throws {
        let compose = folder.appendingPathComponent("compose.yaml")
        let text = try String(contentsOf: compose, encoding: .utf8).replacingOccurrences(
            of: "context: ./worker\n      target: runtime", with: "context: ./worker\n      target: prod")
        try Data(text.utf8).write(to: compose)
        let result = try stagecraft(["build"])
        #expect(result.status == 2)
        #expect(result.stderrText.contains("compose.yaml:20:"), "\(result.stderrText)")
        #expect(result.stderrText.contains("has no stage named prod"))
        let unknown = try stagecraft(["build", "--service", "nope"])
        #expect(unknown.status == 2 && unknown.stderrText.contains("no service nope"))
    }
}
