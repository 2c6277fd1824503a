import Foundation
import TestSupport
import Testing

/// examples/dinoair from nothing: base images made by its script (Debian from debootstrap, Node
/// and Python from Debian's packages), every service built from vendored dependencies with no
/// registry, and `stagecraft ci` green on it; the naive Dockerfiles are the "before" of the size
/// table. Then a copy broken the ways the seed's stack broke, each named by `ci`.
@Suite(.serialized, .enabled(if: Engine.isUsable || Paths.isCI, "no Docker engine answers; scripts/engine.sh starts one"))
final class DinoAirEngineTests {
    private let folder: URL
    private let project: URL
    static let images = [
        "comfyui:runtime", "app:runtime", "api:runtime", "web:runtime", "comfyui:naive", "app:naive", "api:naive",
        "web:naive",
    ].map { "dinoair/" + $0 }

    init() throws {
        folder = try Paths.temporaryDirectory("dinoair")
        project = folder.appendingPathComponent("dinoair")
        try FileManager.default.copyItem(at: Paths.packageRoot.appendingPathComponent("examples/dinoair"), to: project)
        try? FileManager.default.removeItem(at: project.appendingPathComponent(".stagecraft"))
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
        _ = try? Engine.docker(["image", "rm", "-f"] + Self.images, timeout: 120)
    }

    /// The variables make-bases.sh prints, which point the compose files at the local bases.
    static let bases: Result<[String: String], any Error> = Result {
        let script = Paths.packageRoot.appendingPathComponent("examples/dinoair/scripts/make-bases.sh")
        let made = try ProcessRunner.run(
            "/bin/bash", [script.path], environment: ["STAGECRAFT_DOCKER": Engine.client], timeout: 1800)
        guard made.status == 0 else { throw TestFailure("make-bases.sh failed: \(made.stderrText.suffix(2000))") }
        var variables: [String: String] = [:]
        for line in made.stdoutText.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { variables[pair[0]] = pair[1] }
        }
        return variables
    }

    func stagecraft(_ arguments: [String]) throws -> ProcessResult {
        var environment = try Self.bases.get()
        environment["STAGECRAFT_DOCKER"] = Engine.client
        environment["CI"] = "true"
        return try ProcessRunner.run(
            Paths.stagecraft.path, arguments, environment: environment, directory: project, timeout: 1800)
    }

    func edit(_ path: String, _ change: (String) -> String) throws {
        let url = project.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        let changed = change(text)
        try #require(changed != text, "the edit of \(path) changed nothing")
        try Data(changed.utf8).write(to: url)
    }

    /// `ci --format json`'s steps: name to (result, summary).
    func steps(_ result: ProcessResult) throws -> [String: (result: String, summary: String)] {
        let document = try #require(
            try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stderrText.suffix(3000))")
        var steps: [String: (String, String)] = [:]
        for step in document["steps"] as? [[String: Any]] ?? [] {
            steps[step["step"] as? String ?? ""] = (step["result"] as? String ?? "", step["summary"] as? String ?? "")
        }
        return steps
    }

    @Test func buildsFromNothingPassesCIAndNamesEachBreakage() throws {
        let linted = try stagecraft(["lint", "."])
        #expect(linted.status == 0 && linted.stdoutText.contains("no problems"), "\(linted.stdoutText)")

        let naive = try stagecraft(["build", "-f", "compose.naive.yaml"])
        #expect(naive.status == 0, "\(naive.stdoutText)\(naive.stderrText.suffix(3000))")

        let green = try stagecraft(["ci", "--format", "json"])
        let passed = try steps(green)
        #expect(green.status == 0, "\(passed)")
        #expect(passed.count == 7 && passed.values.allSatisfy { $0.result == "passed" }, "\(passed)")
        #expect(passed["build"]?.summary.hasPrefix("8 of 8 built") == true, "runtime and development targets")
        #expect(passed["test"]?.summary == "8 of 8 images passed; 4 of 4 services started together passed")

        // The seed's table: every runtime image well under its naive single-stage build.
        let compared = try stagecraft(["compare", "--before", "naive", "--after", "runtime", "--format", "json"])
        let rows =
            try #require(try JSONSerialization.jsonObject(with: compared.stdout) as? [String: Any])["rows"] as? [[String: Any]]
        #expect(Set(rows?.compactMap { $0["command"] as? String == "build" ? $0["subject"] as? String : nil } ?? []).count == 4)
        for row in rows ?? [] where row["command"] as? String == "build" {
            #expect((row["reduction"] as? Double ?? 0) > 0.5, "\(row["subject"] ?? "?"): \(row["reduction"] ?? "?")")
        }

        // The test stages run each service's tests against its test requirements.
        let tested = try stagecraft(["build", "--target", "test", "--no-history"])
        #expect(
            tested.status == 0 && tested.stdoutText.contains("4 of 4 build(s) succeeded"), "\(tested.stderrText.suffix(3000))")

        // A health check that cannot fail, a lock file the .dockerignore drops, a 40 MB model file, a
        // compose target the Dockerfile lacks (ci builds ci.targets, so lint is what names it).
        try edit("app/Dockerfile") {
            $0.replacingOccurrences(
                of:
                    "CMD [\"python\", \"-m\", \"dinoair_serve.probe\", \"http://127.0.0.1:8000/health\"]\nCMD [\"python\", \"-m\", \"app.main\"]",
                with:
                    "CMD python -m dinoair_serve.probe http://127.0.0.1:8000/health || exit 0\nCMD [\"python\", \"-m\", \"app.main\"]"
            )
        }
        try edit("api/.dockerignore") { $0 + "package-lock.json\n" }
        try edit("comfyui/Dockerfile") {
            $0.replacingOccurrences(
                of: "COPY --from=source /src/comfyui-core/ ./\nUSER 10001:10001\nEXPOSE 8188",
                with:
                    "COPY --from=source /src/comfyui-core/ ./\nRUN head -c 40000000 /dev/urandom > /app/model.bin\nUSER 10001:10001\nEXPOSE 8188"
            )
        }
        try edit("compose.yaml") {
            $0.replacingOccurrences(of: "context: ./web\n      target: runtime", with: "context: ./web\n      target: production")
        }
        let broken = try stagecraft(["ci", "--format", "json", "--target", "runtime", "--skip", "scan,report"])
        let failed = try steps(broken)
        #expect(broken.status == 1, "\(failed)")
        let lint = failed["lint"]?.summary ?? ""
        #expect(lint.contains("healthcheck-never-fails at app/Dockerfile:29"), "\(lint)")
        #expect(lint.contains("copy-source-ignored at api/Dockerfile:9"), "\(lint)")
        #expect(lint.contains("compose-target-missing at compose.yaml:"), "\(lint)")
        #expect(failed["build"]?.summary.hasSuffix("failed: api") == true, "\(failed["build"] ?? ("", ""))")
        let gate = failed["gate"]?.summary ?? ""
        #expect(gate.contains("comfyui:runtime (build): size grew"), "\(gate)")
        #expect(!gate.contains("web:runtime"), "\(gate)")
    }
}
