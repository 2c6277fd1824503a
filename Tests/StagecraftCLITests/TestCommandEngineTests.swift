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

    init() throws { folder = try Paths.temporaryDirectory("test-command") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func stagecraft(_ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
        try ProcessRunner.run(
            Paths.stagecraft.path, arguments, environment: ["STAGECRAFT_DOCKER": Engine.client], directory: directory ?? folder,
            timeout: 600)
    }

    /// Containers a stagecraft run left behind from these images (other suites may be running
    /// their own containers at the same time).
    static func leftovers(_ images: [String]) throws -> [String] {
        var found: [String] = []
        for image in images {
            let listed = try Engine.docker(["ps", "-aq", "--filter", "label=stagecraft.run", "--filter", "ancestor=\(image)"])
            found += listed.stdoutText.split(separator: "\n").map(String.init)
        }
        return found
    }

    func build(_ tag: String, _ dockerfile: String) throws {
        let context = folder.appendingPathComponent(
            tag.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: ":", with: "_"))
        try FileManager.default.createDirectory(at: context, withIntermediateDirectories: true)
        try Data(dockerfile.utf8).write(to: context.appendingPathComponent("Dockerfile"))
        let result = try Engine.docker(["build", "-q", "-t", tag, context.path])
        try #require(result.status == 0, "docker build \(tag): \(result.stderrText)")
    }

    @Test func theSampleProjectPassesAsJUnit() throws {
        try #require(Engine.isUsable, "no Docker engine answers; scripts/engine.sh starts one")
        let project = folder.appendingPathComponent("stack")
        try FileManager.default.copyItem(at: Paths.packageRoot.appendingPathComponent("examples/offline-stack"), to: project)
        let build = try stagecraft(["build"], in: project)
        try #require(build.status == 0, "\(build.stdoutText)\(build.stderrText)")
        let result = try stagecraft(["test", "--format", "junit"], in: project)
        #expect(result.status == 0, "\(result.stdoutText)")
        let document = try XMLDocument(data: result.stdout)
        let suites = try document.nodes(forXPath: "//testsuite/@name").compactMap(\.stringValue)
        #expect(suites == ["api:runtime", "worker:runtime"])
        #expect(try document.nodes(forXPath: "//testcase").count == 6)
        #expect(try document.nodes(forXPath: "//failure").isEmpty)
        #expect(try Self.leftovers(["offline-stack/api:runtime", "offline-stack/worker:runtime"]).isEmpty)
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
        #expect(try Self.leftovers(["stagecraft-test/unhealthy-root:1", "stagecraft-test/crashes:1"]).isEmpty)
    }

    @Test func anInterruptedRunRemovesItsContainers() throws {
        try #require(Engine.isUsable, "no Docker engine answers; scripts/engine.sh starts one")
        try build(
            "stagecraft-test/slow:1",
            "FROM stagecraft/busybox:local\nUSER 1000\nHEALTHCHECK --interval=30s CMD [\"true\"]\nCMD [\"sleep\", \"300\"]\n")
        let process = Process()
        process.executableURL = Paths.stagecraft
        process.arguments = ["test", "--image", "stagecraft-test/slow:1", "--timeout", "120"]
        process.environment = ProcessInfo.processInfo.environment.merging(["STAGECRAFT_DOCKER": Engine.client]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until its container is up, then interrupt it.
        var started = false
        for _ in 0..<80 where !started {
            Thread.sleep(forTimeInterval: 0.25)
            started = try !Self.leftovers(["stagecraft-test/slow:1"]).isEmpty
        }
        #expect(started, "the container never started")
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(try Self.leftovers(["stagecraft-test/slow:1"]).isEmpty)
    }
}
