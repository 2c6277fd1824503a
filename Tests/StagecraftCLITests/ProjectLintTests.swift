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

    @Test func composeErrorsNameFileLineAndKey() throws {
        let folder = try Paths.temporaryDirectory("compose")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("services:\n  api:\n    image: api:1\n    healthchek:\n      test: [\"CMD\", \"true\"]\n".utf8).write(
            to: folder.appendingPathComponent("compose.yaml"))
        let result = try ProcessRunner.run(Paths.stagecraft.path, ["lint", folder.path])
        #expect(result.status == 2)
        #expect(
            result.stdoutText.contains(
                "compose.yaml:4:1: error[compose-invalid]: services.api.healthchek: unknown service key healthchek; did you mean healthcheck?"
            ))
    }
}
