import Foundation
import TestSupport
import Testing

/// `stagecraft ci` on a three-service stack built on the engine: green from nothing, then broken the
/// ways the seed's stack broke (a health check that cannot fail, a .dockerignore that drops a lock
/// file, an image grown by more than 10%, a compose target the Dockerfile lacks), each named by the
/// step that found it, with one exit code.
@Suite(.serialized, .enabled(if: Engine.isUsable || Paths.isCI, "no Docker engine answers; scripts/engine.sh starts one"))
final class PipelineEngineTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("ci-engine") }
    deinit {
        try? FileManager.default.removeItem(at: folder)
        _ = try? Engine.docker(["image", "rm", "-f", "ci-test/api:1", "ci-test/web:1", "ci-test/worker:1"], timeout: 60)
    }

    func write(_ path: String, _ text: String) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
    }

    func stagecraft(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(
            Paths.stagecraft.path, arguments,
            environment: environment.merging(["STAGECRAFT_DOCKER": Engine.client, "CI": "true"]) { $1 }, directory: folder,
            timeout: 900)
    }

    static func dockerfile(_ work: String, health: String = #"["test", "-d", "/app"]"#) -> String {
        """
        FROM stagecraft/busybox:local AS base
        WORKDIR /app
        \(work)

        FROM base AS runtime
        USER 10001
        HEALTHCHECK --interval=1s --timeout=2s --retries=5 CMD \(health)
        CMD ["sleep", "3600"]

        """
    }

    /// The steps of a `ci --format json` run: name to (result, summary).
    func steps(_ result: ProcessResult) throws -> [String: (result: String, summary: String)] {
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        var steps: [String: (String, String)] = [:]
        for step in document["steps"] as? [[String: Any]] ?? [] {
            steps[step["step"] as? String ?? ""] = (step["result"] as? String ?? "", step["summary"] as? String ?? "")
        }
        return steps
    }

    @Test func aGreenStackPassesAndEachBreakageIsNamed() throws {
        try write(
            "compose.yaml",
            """
            services:
              api:
                image: ci-test/api:1
                build: {context: api, target: runtime}
              web:
                image: ci-test/web:1
                build: {context: web, target: runtime}
                depends_on:
                  api: {condition: service_healthy}
              worker:
                image: ci-test/worker:1
                build: {context: worker, target: runtime}

            """)
        try write("api/Dockerfile", Self.dockerfile("COPY app.txt ./"))
        try write("api/app.txt", "api\n")
        try write("web/Dockerfile", Self.dockerfile("COPY package.json package-lock.json ./"))
        try write("web/package.json", #"{"name": "web", "version": "1.0.0"}"#)
        try write("web/package-lock.json", #"{"name": "web", "version": "1.0.0", "lockfileVersion": 3, "packages": {}}"#)
        try write("worker/Dockerfile", Self.dockerfile("RUN head -c 1000000 /dev/urandom > /app/payload"))

        let summary = folder.appendingPathComponent("summary.md")
        let green = try stagecraft(["ci", "--format", "json"], environment: ["GITHUB_STEP_SUMMARY": summary.path])
        #expect(green.status == 0, "\(green.stdoutText)\(green.stderrText.suffix(2000))")
        let passed = try steps(green)
        #expect(passed.count == 7 && passed.values.allSatisfy { $0.result == "passed" }, "\(passed)")
        #expect(passed["build"]?.summary.hasPrefix("3 of 3 built") == true)
        #expect(passed["test"]?.summary == "3 of 3 images passed; 3 of 3 services started together passed")
        #expect(passed["scan"]?.summary.contains("no advisory database: secrets only") == true)
        #expect(try read("summary.md").contains("stagecraft ci"), "the step summary was appended")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".stagecraft/report.html").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".stagecraft/ci/inspect-3.json").path))

        // A health check that cannot fail, a lock file the .dockerignore drops, an image grown 60%.
        try write("api/Dockerfile", Self.dockerfile("COPY app.txt ./", health: "test -d /app || exit 0"))
        try write("web/.dockerignore", "package-lock.json\n")
        try write("worker/Dockerfile", Self.dockerfile("RUN head -c 1600000 /dev/urandom > /app/payload"))
        let broken = try stagecraft(["ci", "--format", "json"])
        #expect(broken.status == 1, "\(broken.stdoutText)")
        let failed = try steps(broken)
        let lint = failed["lint"]?.summary ?? ""
        #expect(failed["lint"]?.result == "failed")
        #expect(lint.contains("healthcheck-never-fails at api/Dockerfile:7"), "\(lint)")
        #expect(lint.contains("copy-source-ignored at web/Dockerfile:3"), "\(lint)")
        #expect(failed["build"]?.result == "failed" && failed["build"]?.summary.hasSuffix("failed: web") == true)
        #expect(failed["inspect"]?.summary.contains("ci-test/web:1") == false, "only what this run built")
        let gate = failed["gate"]?.summary ?? ""
        #expect(failed["gate"]?.result == "failed" && gate.contains("worker:runtime (build): size grew"), "\(gate)")
        #expect(!gate.contains("api"), "\(gate)")

        // The text report names the failed steps; JUnit has a case per step.
        let text = try stagecraft(["ci", "--only", "lint,build", "--format", "junit"])
        #expect(text.status == 1)
        #expect(text.stdoutText.contains("<testcase classname=") && text.stdoutText.contains("name=\"gate\""))
        #expect(text.stdoutText.components(separatedBy: "<skipped").count - 1 == 5, "five steps not selected")

        // A compose target the Dockerfile lacks: lint names it and the build cannot run (exit 2).
        try write(
            "compose.yaml",
            try read("compose.yaml").replacingOccurrences(
                of: "{context: api, target: runtime}", with: "{context: api, target: production}"))
        let mistargeted = try stagecraft(["ci", "--format", "json", "--skip", "gate,report"])
        #expect(mistargeted.status == 2, "\(mistargeted.stdoutText)")
        let refused = try steps(mistargeted)
        #expect(refused["lint"]?.summary.contains("compose-target-missing at compose.yaml:4") == true, "\(refused)")
        #expect(refused["build"]?.result == "error" && refused["build"]?.summary.contains("no stage named production") == true)
        #expect(refused["test"]?.result == "skipped", "old images do not stand in for unbuilt ones")

        let unknown = try stagecraft(["ci", "--only", "lint,deploy"])
        #expect(unknown.status == 2 && unknown.stderrText.contains("no step named deploy"))
    }
}
