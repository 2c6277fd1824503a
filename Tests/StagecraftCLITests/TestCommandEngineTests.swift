import Foundation
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `stagecraft test` on the real engine: healthy non-root images pass, broken ones fail with the
/// reason, and no container stagecraft started survives, not even an interrupted run.
@Suite(.serialized, .enabled(if: Engine.isUsable || Paths.isCI, "no Docker engine answers; scripts/engine.sh starts one"))
final class TestCommandEngineTests {
    private let folder: URL
    /// Each test's runs carry their own id, so leftovers are looked for among this test's only.
    private let runID = "t" + String(UUID().uuidString.prefix(8)).lowercased()

    init() throws { folder = try Paths.temporaryDirectory("test-command") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func stagecraft(_ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
        try ProcessRunner.run(
            Paths.stagecraft.path, arguments, environment: ["STAGECRAFT_DOCKER": Engine.client, "STAGECRAFT_RUN_ID": runID],
            directory: directory ?? folder, timeout: 600)
    }

    /// Containers and networks this test's stagecraft runs left behind.
    func leftovers() throws -> [String] {
        let label = "label=stagecraft.name=\(runID)"
        let containers = try Engine.docker(["ps", "-aq", "--filter", label])
        let networks = try Engine.docker(["network", "ls", "-q", "--filter", label])
        return (containers.stdoutText + networks.stdoutText).split(separator: "\n").map(String.init)
    }

    func build(_ tag: String, _ dockerfile: String) throws {
        let context = folder.appendingPathComponent(
            tag.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: ":", with: "_"))
        try FileManager.default.createDirectory(at: context, withIntermediateDirectories: true)
        try Data(dockerfile.utf8).write(to: context.appendingPathComponent("Dockerfile"))
        let result = try Engine.docker(["build", "-q", "-t", tag, context.path])
        try #require(result.status == 0, "docker build \(tag): \(result.stderrText)")
    }

    /// A copy of examples/offline-stack in the test's folder, built.
    func builtSample(_ name: String) throws -> URL {
        let project = folder.appendingPathComponent(name)
        try FileManager.default.copyItem(at: Paths.packageRoot.appendingPathComponent("examples/offline-stack"), to: project)
        let build = try stagecraft(["build"], in: project)
        try #require(build.status == 0, "\(build.stdoutText)\(build.stderrText)")
        return project
    }

    @Test func theSampleProjectPassesAsJUnit() throws {
        try #require(Engine.isUsable, "no Docker engine answers; scripts/engine.sh starts one")
        let project = try builtSample("stack")
        let result = try stagecraft(["test", "--format", "junit"], in: project)
        #expect(result.status == 0, "\(result.stdoutText)")
        let document = try XMLDocument(data: result.stdout)
        let suites = try document.nodes(forXPath: "//testsuite/@name").compactMap(\.stringValue)
        #expect(suites == ["api:runtime", "worker:runtime"])
        #expect(try document.nodes(forXPath: "//testcase").count == 6)
        #expect(try document.nodes(forXPath: "//failure").isEmpty)
        #expect(try leftovers().isEmpty)
    }

    @Test func theSampleProjectRunsTogetherAndAnswersItsProbes() throws {
        try #require(Engine.isUsable, "no Docker engine answers; scripts/engine.sh starts one")
        let project = try builtSample("together")
        let result = try stagecraft(["test", "--integration", "--format", "json"], in: project)
        #expect(result.status == 0, "\(result.stdoutText)")
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let images = try #require(report["images"] as? [[String: Any]])
        #expect(images.map { $0["label"] as? String } == ["api", "worker"])
        let names = images.flatMap { ($0["checks"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } }
        #expect(
            names.contains("depends on api (service_healthy)") && names.contains("probe :8080/health")
                && names.contains("probe :8080/"))

        // A probe that gets a 404 fails the run; the network and containers still go.
        let config = project.appendingPathComponent(".stagecraft.yml")
        let broken = try String(contentsOf: config, encoding: .utf8).replacingOccurrences(
            of: "path: /health", with: "path: /missing")
        try Data(broken.utf8).write(to: config)
        let failing = try stagecraft(["test", "--integration"], in: project)
        #expect(failing.status == 1)
        #expect(failing.stdoutText.contains("FAIL  probe :8080/missing: status 404, expected 200"), "\(failing.stdoutText)")
        #expect(try leftovers().isEmpty)
    }

    @Test func aComposeHealthcheckReplacesTheImagesOwn() throws {
        try #require(Engine.isUsable, "no Docker engine answers; scripts/engine.sh starts one")
        let project = try builtSample("override")
        // The api image's HEALTHCHECK passes; the override, as docker compose applies it, never does.
        try Data(
            """
            services:
              api:
                healthcheck:
                  test: ["CMD", "false"]
                  interval: 1s
                  timeout: 1s
                  retries: 1

            """.utf8
        ).write(to: project.appendingPathComponent("compose.override.yaml"))
        let result = try stagecraft(["test", "--integration", "--timeout", "30", "--format", "json"], in: project)
        #expect(result.status == 1, "\(result.stdoutText)")
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let images = try #require(report["images"] as? [[String: Any]])
        let failed = images.flatMap { image in
            (image["checks"] as? [[String: Any]] ?? []).filter { $0["status"] as? String == "fail" }.map {
                "\(image["label"] ?? ""): \($0["name"] ?? "")"
            }
        }
        #expect(failed.contains("worker: depends on api (service_healthy)"), "\(failed)")
        #expect(try leftovers().isEmpty)
    }

    @Test func brokenImagesFailWithTheirReasons() throws {
        try #require(Engine.isUsable, "no Docker engine answers; scripts/engine.sh starts one")
        try build(
            "stagecraft-test/unhealthy-root:1",
            "FROM stagecraft/busybox:local\nHEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD [\"false\"]\nCMD [\"sleep\", \"300\"]\n"
        )
        try build(
            "stagecraft-test/crashes:1",
            "FROM stagecraft/busybox:local\nUSER 1000\nCMD [\"sh\", \"-c\", \"echo bad config >&2; exit 4\"]\n")
        let result = try stagecraft([
            "test", "--image", "stagecraft-test/unhealthy-root:1", "--image", "stagecraft-test/crashes:1", "--image",
            "stagecraft-test/absent:0",
            "--format", "json", "--timeout", "30",
        ])
        #expect(result.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(report["passed"] as? Bool == false)
        let images = try #require(report["images"] as? [[String: Any]])
        func checks(_ index: Int) -> [String: (String, String)] {
            var result: [String: (String, String)] = [:]
            for check in images[index]["checks"] as? [[String: Any]] ?? [] {
                result[check["name"] as? String ?? ""] = (check["status"] as? String ?? "", check["detail"] as? String ?? "")
            }
            return result
        }
        let root = checks(0)
        #expect(root["non-root (config)"]?.0 == "fail")
        #expect(root["healthy"]?.0 == "fail" && root["healthy"]?.1.hasPrefix("unhealthy") == true)
        #expect(root["non-root (running)"]?.0 == "fail")
        let crash = checks(1)
        #expect(crash["non-root (config)"]?.0 == "pass")
        #expect(crash["healthy"]?.1.contains("exited with code 4") == true)
        #expect(crash["healthy"]?.1.contains("bad config") == true)
        #expect(checks(2)["image"]?.0 == "fail")
        #expect(try leftovers().isEmpty)
    }

    /// `stagecraft test` on an image whose health check takes 30 s, started and left running
    /// once its container is up.
    func startSlowRun() throws -> Process {
        try build(
            "stagecraft-test/slow:1",
            "FROM stagecraft/busybox:local\nUSER 1000\nHEALTHCHECK --interval=30s CMD [\"true\"]\nCMD [\"sleep\", \"300\"]\n")
        let process = Process()
        process.executableURL = Paths.stagecraft
        process.arguments = ["test", "--image", "stagecraft-test/slow:1", "--timeout", "120"]
        process.environment = ProcessInfo.processInfo.environment.merging([
            "STAGECRAFT_DOCKER": Engine.client, "STAGECRAFT_RUN_ID": runID,
        ]) {
            $1
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var started = false
        for _ in 0..<80 where !started {
            Thread.sleep(forTimeInterval: 0.25)
            started = try !leftovers().isEmpty
        }
        #expect(started, "the container never started")
        return process
    }

    @Test func anInterruptedRunRemovesItsContainers() throws {
        try #require(Engine.isUsable, "no Docker engine answers; scripts/engine.sh starts one")
        let process = try startSlowRun()
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(try leftovers().isEmpty)
    }

    @Test func whatAKilledRunLeavesIsRemovedByClean() throws {
        try #require(Engine.isUsable, "no Docker engine answers; scripts/engine.sh starts one")
        // No other test's `stagecraft test` may sweep this run's leftovers before clean sees them.
        try EngineRuns.exclusively { try killedRunsAreCleanedUp() }
    }

    func killedRunsAreCleanedUp() throws {
        let process = try startSlowRun()
        // SIGKILL cannot be caught: the container outlives the run.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(try !leftovers().isEmpty)

        let dryRun = try stagecraft(["clean", "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.stderrText)")
        #expect(dryRun.stdoutText.contains("would remove container"), "\(dryRun.stdoutText)")
        #expect(dryRun.stdoutText.contains("is gone"))
        #expect(try !leftovers().isEmpty)

        let clean = try stagecraft(["clean", "--format", "json"])
        #expect(clean.status == 0, "\(clean.stderrText)")
        let report = try #require(try JSONSerialization.jsonObject(with: clean.stdout) as? [String: Any])
        let removed = try #require(report["removed"] as? [[String: Any]])
        #expect(removed.contains { ($0["run"] as? String)?.hasPrefix("stagecraft-\(runID)-") == true })
        #expect(try leftovers().isEmpty)

        // The next `stagecraft test` cleans up after a killed run by itself.
        let again = try startSlowRun()
        kill(again.processIdentifier, SIGKILL)
        again.waitUntilExit()
        try build("stagecraft-test/quick:1", "FROM stagecraft/busybox:local\nUSER 1000\nCMD [\"sleep\", \"30\"]\n")
        let next = try stagecraft(["test", "--image", "stagecraft-test/quick:1"])
        #expect(next.status == 0, "\(next.stdoutText)\(next.stderrText)")
        #expect(next.stderrText.contains("cleaned up after killed runs: removed 1 container"), "\(next.stderrText)")
        #expect(try leftovers().isEmpty)
    }

    @Test func runsGivenTheSameIdDoNotCollide() throws {
        try #require(Engine.isUsable, "no Docker engine answers; scripts/engine.sh starts one")
        try build("stagecraft-test/quick:1", "FROM stagecraft/busybox:local\nUSER 1000\nCMD [\"sleep\", \"30\"]\n")
        // Two runs at once under one STAGECRAFT_RUN_ID: each keeps its own containers.
        let results = try [0, 1].map { _ in
            let process = Process()
            process.executableURL = Paths.stagecraft
            process.arguments = ["test", "--image", "stagecraft-test/quick:1", "--format", "json"]
            process.environment = ProcessInfo.processInfo.environment.merging([
                "STAGECRAFT_DOCKER": Engine.client, "STAGECRAFT_RUN_ID": runID,
            ]) {
                $1
            }
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            return (process, output)
        }.map { process, output in
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        for (status, output) in results {
            #expect(status == 0, "\(output)")
            #expect(output.contains("\"passed\" : true"), "\(output)")
        }
        #expect(try leftovers().isEmpty)
    }
}
