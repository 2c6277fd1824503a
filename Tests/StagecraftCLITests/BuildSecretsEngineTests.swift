import Foundation
import TestSupport
import Testing

/// Build arguments whose names look secret never reach the build's display, report or saved JSON.
@Suite(.serialized, .enabled(if: Engine.isUsable || Paths.isCI, "no Docker engine answers; scripts/engine.sh starts one"))
final class BuildSecretsEngineTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("secrets") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    @Test func secretLookingBuildArgumentsAreRedactedEverywhere() throws {
        let secret = "s3cr3t-value-\(UUID().uuidString.prefix(8))"
        try Data("services:\n  app:\n    build:\n      context: .\n      args: [API_TOKEN]\n".utf8).write(
            to: folder.appendingPathComponent("compose.yaml"))
        try Data("FROM stagecraft/busybox:local\nARG API_TOKEN\nRUN echo \"token is $API_TOKEN\" && false\n".utf8).write(
            to: folder.appendingPathComponent("Dockerfile"))
        for format in ["text", "json", "junit"] {
            let result = try ProcessRunner.run(
                Paths.stagecraft.path, ["build", "--no-cache", "--build-arg", "API_TOKEN=\(secret)", "--format", format],
                environment: ["STAGECRAFT_DOCKER": Engine.client, "CI": "true"], directory: folder, timeout: 600)
            #expect(result.status == 1, "\(result.stderrText)")
            #expect(!result.stdoutText.contains(secret) && !result.stderrText.contains(secret), "\(format) shows the secret")
            #expect(result.stdoutText.contains("***") || result.stderrText.contains("***"), "\(format): \(result.stdoutText)")
        }
        let saved = try String(contentsOf: folder.appendingPathComponent(".stagecraft/build.json"), encoding: .utf8)
        #expect(!saved.contains(secret))
    }
}
