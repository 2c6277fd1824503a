import Foundation
import TestSupport
import Testing

/// `stagecraft inspect` on images in the real engine (scripts/engine.sh starts it; CI requires it):
/// the image streamed from `docker save` gives the same report as its saved archive, and the same
/// numbers as dive on that archive.
@Suite(.enabled(if: Engine.isUsable || Paths.isCI, "no Docker engine answers; scripts/engine.sh starts one"))
final class InspectEngineTests {
    private let folder: URL
    static let tag = "stagecraft-test/inspect-engine:1"

    init() throws { folder = try Paths.temporaryDirectory("inspect-engine") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func stagecraft(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            Paths.stagecraft.path, arguments, environment: ["STAGECRAFT_DOCKER": Engine.client], directory: folder, timeout: 300)
    }

    func buildImage() throws {
        let dockerfile = """
            FROM stagecraft/busybox:local
            RUN mkdir -p /app && head -c 2000000 /dev/urandom > /app/blob && echo v1 > /app/conf
            RUN rm /app/blob && echo version-two > /app/conf
            ENV API_TOKEN=example
            CMD ["sh"]

            """
        try Data(dockerfile.utf8).write(to: folder.appendingPathComponent("Dockerfile"))
        let build = try Engine.docker(["build", "-q", "-t", Self.tag, folder.path])
        try #require(build.status == 0, "docker build failed: \(build.stderrText)")
    }

    static func report(_ result: ProcessResult) throws -> [String: Any] {
        try #require(result.status == 0, "stagecraft inspect failed: \(result.stderrText)")
        return try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    }

    @Test func engineImageMatchesItsSavedArchiveAndDive() throws {
        try #require(Engine.isUsable, "no Docker engine answers; scripts/engine.sh starts one")
        try buildImage()
        let streamed = try Self.report(try stagecraft(["inspect", Self.tag, "--format", "json"]))
        let archive = folder.appendingPathComponent("saved.tar").path
        let save = try Engine.docker(["save", "-o", archive, Self.tag])
        try #require(save.status == 0, "docker save failed: \(save.stderrText)")
        let saved = try Self.report(try stagecraft(["inspect", archive, "--format", "json"]))

        for key in ["dive", "layers", "findings", "hiddenFiles", "sizeBytes", "wastedBytes"] {
            let left = try JSONSerialization.data(
                withJSONObject: streamed[key] ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed])
            let right = try JSONSerialization.data(
                withJSONObject: saved[key] ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed])
            #expect(left == right, "\(key) differs between the engine image and its archive")
        }
        let layers = try #require(streamed["layers"] as? [[String: Any]])
        #expect(layers.count == 3)
        #expect((layers[2]["createdBy"] as? String)?.contains("rm /app/blob") == true)
        #expect(layers[2]["removed"] as? Int == 1)
        let hidden = try #require(streamed["hiddenFiles"] as? [[String: Any]])
        #expect(hidden.contains { $0["path"] as? String == "/app/blob" && $0["sizeBytes"] as? Int == 2_000_000 })
        let findings = Set((streamed["findings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        #expect(findings.isSuperset(of: ["secret-in-env", "runs-as-root", "deleted-in-later-layer"]), "\(findings)")

        let dive = try #require(Paths.executable(named: "dive"), "dive is not installed; scripts/test.sh installs it")
        let diveOutput = folder.appendingPathComponent("dive.json")
        let diveRun = try ProcessRunner.run(
            dive, ["--source", "docker-archive", archive, "--json", diveOutput.path], directory: folder)
        try #require(diveRun.status == 0, "dive failed: \(diveRun.stderrText)")
        let theirs = try #require(
            (try JSONSerialization.jsonObject(with: Data(contentsOf: diveOutput)) as? [String: Any])?["image"] as? [String: Any])
        let ours = try #require(streamed["dive"] as? [String: Any])
        #expect(ours["wastedBytes"] as? Int == theirs["inefficientBytes"] as? Int)
        #expect(ours["sizeBytes"] as? Int == theirs["sizeBytes"] as? Int)
        let efficiency = try #require(ours["efficiency"] as? Double)
        let theirEfficiency = try #require(theirs["efficiencyScore"] as? Double)
        #expect(abs(efficiency - theirEfficiency) < 1e-12)
    }

    @Test func unknownImagesAreAClearError() throws {
        try #require(Engine.isUsable, "no Docker engine answers; scripts/engine.sh starts one")
        let result = try stagecraft(["inspect", "stagecraft-test/no-such-image:0"])
        #expect(result.status == 2)
        #expect(result.stderrText.contains("docker save stagecraft-test/no-such-image:0"))
        #expect(result.stdout.isEmpty)
    }
}
