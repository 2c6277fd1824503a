import Foundation
import TestSupport
import Testing

/// The sample projects: `examples/shop` lints clean; `examples/shop-broken` has one of each
/// project-level defect, and each is found where it is.
@Suite struct ProjectLintTests {
    func lint(_ folder: String) throws -> (ProcessResult, [[String: Any]]) {
        let result = try ProcessRunner.run(
            Paths.stagecraft.path, ["lint", "--format", "json", folder], directory: Paths.packageRoot)
        let findings = (try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]]) ?? []
        return (result, findings)
    }

    /// `lint.exclude` keeps a Dockerfile out of the lint also when a compose file builds it.
    @Test func anExcludedDockerfileIsNotLintedThroughTheComposeFile() throws {
        let folder = try Paths.temporaryDirectory("exclude")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Paths.write(
            "services:\n  app:\n    build:\n      context: .\n      dockerfile: Dockerfile.naive\n", to: "compose.yaml",
            in: folder)
        try Paths.write("FROM node:latest\nRUN sudo apt-get install curl\nCMD node app.js\n", to: "Dockerfile.naive", in: folder)
        let linted = try ProcessRunner.run(Paths.stagecraft.path, ["lint", "--format", "json", folder.path])
        let before = (try JSONSerialization.jsonObject(with: linted.stdout) as? [[String: Any]]) ?? []
        #expect(before.contains { ($0["file"] as? String)?.hasSuffix("Dockerfile.naive") == true }, "\(before)")
        try Paths.write("lint:\n  exclude: [\"Dockerfile.naive\"]\n", to: ".stagecraft.yml", in: folder)
        let excluded = try ProcessRunner.run(Paths.stagecraft.path, ["lint", "--format", "json", folder.path])
        let after = (try JSONSerialization.jsonObject(with: excluded.stdout) as? [[String: Any]]) ?? []
        #expect(!after.contains { ($0["file"] as? String)?.hasSuffix("Dockerfile.naive") == true }, "\(after)")
    }

    @Test func fixedSampleLintsClean() throws {
        let (result, findings) = try lint("examples/shop")
        #expect(result.status == 0, "\(findings)")
        #expect(findings.isEmpty)
    }

    @Test(arguments: [
        ("compose-target-missing", "examples/shop-broken/compose.yaml", 30),
        ("compose-build-path-missing", "examples/shop-broken/compose.yaml", 6),
        ("copy-source-ignored", "examples/shop-broken/api/Dockerfile", 7),
        ("copy-source-missing", "examples/shop-broken/app/Dockerfile", 3),
        ("compose-cache-from-unbuilt", "examples/shop-broken/compose.yaml", 18),
        ("compose-healthcheck-missing", "examples/shop-broken/compose.yaml", 33),
        ("compose-profile-dependency", "examples/shop-broken/compose.yaml", 25),
        ("compose-profile-dependency", "examples/shop-broken/compose.yaml", 1),
    ])
    func brokenSampleDefectIsFound(rule: String, file: String, line: Int) throws {
        let (result, findings) = try lint("examples/shop-broken")
        #expect(result.status == 1)
        #expect(
            findings.contains { $0["code"] as? String == rule && $0["file"] as? String == file && $0["line"] as? Int == line },
            "\(findings.map { "\($0["file"] ?? ""):\($0["line"] ?? ""): \($0["code"] ?? "")" })")
    }

    @Test func composeUnknownKeysAreWarningsAndBrokenValuesErrors() throws {
        let folder = try Paths.temporaryDirectory("compose")
        defer { try? FileManager.default.removeItem(at: folder) }
        let compose = folder.appendingPathComponent("compose.yaml")
        try Data("services:\n  api:\n    image: api:1\n    healthchek:\n      test: [\"CMD\", \"true\"]\n".utf8).write(
            to: compose)
        let typo = try ProcessRunner.run(Paths.stagecraft.path, ["lint", folder.path])
        #expect(typo.status == 1)
        #expect(
            typo.stdoutText.contains(
                "compose.yaml:4:1: warning[compose-unknown-key]: unknown service key healthchek; compose may ignore or refuse it; did you mean healthcheck?"
            ), "\(typo.stdoutText)")
        try Data("services:\n  api:\n    image: api:1\n    depends_on: 3\n".utf8).write(to: compose)
        let broken = try ProcessRunner.run(Paths.stagecraft.path, ["lint", folder.path])
        #expect(broken.status == 2)
        #expect(
            broken.stdoutText.contains(
                "compose.yaml:4:1: error[compose-invalid]: services.api.depends_on: expected a list or a mapping of services"),
            "\(broken.stdoutText)")
    }
}
