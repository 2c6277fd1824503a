import Foundation
import TestSupport
import Testing

/// What the context rules claim about COPY, checked on the engine itself: a wildcard that
/// matches nothing copies nothing and the build goes on (even as the only source), while a
/// missing literal path fails it. `lint` must agree on the same context.
@Suite(.serialized, .enabled(if: Engine.isUsable || Paths.isCI, "no Docker engine answers; scripts/engine.sh starts one"))
final class CopySemanticsEngineTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("copysemantics") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func build(_ dockerfile: String) throws -> ProcessResult {
        try Data(dockerfile.utf8).write(to: folder.appendingPathComponent("Dockerfile"))
        return try Engine.docker(["build", "-q", "--no-cache", folder.path], timeout: 300)
    }

    func lintErrors() throws -> [String] {
        try Data("services:\n  app:\n    build: .\n".utf8).write(to: folder.appendingPathComponent("compose.yaml"))
        let result = try ProcessRunner.run(Paths.stagecraft.path, ["lint", "--format", "json", folder.path])
        let findings = (try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]]) ?? []
        return findings.filter { $0["code"] as? String == "copy-source-missing" && $0["level"] as? String == "error" }.compactMap
        {
            $0["message"] as? String
        }
    }

    @Test func wildcardsThatMatchNothingBuildAndMissingLiteralsFail() throws {
        try Data("{}".utf8).write(to: folder.appendingPathComponent("package.json"))
        let lockFiles = "FROM stagecraft/busybox:local\nWORKDIR /app\nCOPY package.json yarn.lock* package-lock.json* ./\n"
        let built = try build(lockFiles)
        #expect(built.status == 0, "\(built.stderrText)")
        #expect(try lintErrors().isEmpty)

        let onlyWildcard = "FROM stagecraft/busybox:local\nWORKDIR /app\nCOPY *.lock ./\n"
        let alone = try build(onlyWildcard)
        #expect(alone.status == 0, "\(alone.stderrText)")
        #expect(try lintErrors().isEmpty)

        let literal = "FROM stagecraft/busybox:local\nWORKDIR /app\nCOPY package.json yarn.lock ./\n"
        let failed = try build(literal)
        #expect(failed.status != 0)
        #expect(try lintErrors().count == 1)
    }
}
