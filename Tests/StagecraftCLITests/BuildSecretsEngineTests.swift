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

    /// Compose `build.secrets` from top-level `secrets:` (a file) and `--secret` (an environment
    /// variable) reach `RUN --mount=type=secret` and stay out of the image.
    @Test func composeAndCommandLineSecretsMountIntoTheBuild() throws {
        try Data("file-secret-value\n".utf8).write(to: folder.appendingPathComponent("token.txt"))
        try Data(
            """
            services:
              app:
                image: secrets-test/app:1
                build:
                  context: .
                  secrets: [api_token]
            secrets:
              api_token:
                file: ./token.txt
            """.utf8
        ).write(to: folder.appendingPathComponent("compose.yaml"))
        try Data(
            """
            FROM stagecraft/busybox:local
            RUN --mount=type=secret,id=api_token grep -q "$(printf 'file-secret-%s' value)" /run/secrets/api_token
            RUN --mount=type=secret,id=npm grep -q "$(printf 'env-secret-%s' value)" /run/secrets/npm
            RUN test ! -e /run/secrets/api_token

            """.utf8
        ).write(to: folder.appendingPathComponent("Dockerfile"))
        let result = try ProcessRunner.run(
            Paths.stagecraft.path, ["build", "--no-cache", "--secret", "id=npm,env=NPM_SECRET", "--format", "json"],
            environment: ["STAGECRAFT_DOCKER": Engine.client, "NPM_SECRET": "env-secret-value", "CI": "true"],
            directory: folder, timeout: 600)
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
        let history = try Engine.docker(["history", "--no-trunc", "secrets-test/app:1"])
        #expect(!history.stdoutText.contains("file-secret-value") && !history.stdoutText.contains("env-secret-value"))
        let bad = try ProcessRunner.run(Paths.stagecraft.path, ["build", "--secret", "npm"], directory: folder)
        #expect(bad.status == 2 && bad.stderrText.contains("--secret npm needs the form"))
        _ = try? Engine.docker(["image", "rm", "-f", "secrets-test/app:1"])
    }
}
