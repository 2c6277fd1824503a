import Foundation
import StagecraftReporting
import TestSupport
import Testing

@testable import StagecraftLint

/// The whole lint run, in process: discovery, project rules, fixes written atomically, the report.
@Suite final class LintSessionTests {
    let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("lint-session") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    static let fixable = "FROM alpine:3.20\nMAINTAINER me\nUSER 1000\nCMD node server.js\n"

    @discardableResult
    func write(_ text: String, _ name: String) throws -> String { try Paths.write(text, to: name, in: folder).path }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func aFolderIsAProjectWhoseComposeFileNamesTheTargets() throws {
        try write("FROM alpine:3.20 AS build\nRUN true\nFROM scratch AS runtime\nCOPY --from=build /x /x\n", "api/Dockerfile")
        try write(
            "services:\n  api:\n    build: {context: api, target: runtime}\n  web:\n    build: {context: web}\n", "compose.yaml")
        let outcome = try LintSession(configuration: LintConfiguration()).run(paths: [folder.path])
        #expect(outcome.report.files.contains { $0.hasSuffix("compose.yaml") })
        #expect(outcome.report.files.contains { $0.hasSuffix("api/Dockerfile") })
        // The project rule sees the missing build context of web.
        #expect(outcome.report.findings.contains { $0.ruleID == "compose-build-path-missing" })
        #expect(!outcome.unusable)
    }

    @Test func fixWritesTheFileAndDiffOnlyShowsIt() throws {
        let path = try write(Self.fixable, "Dockerfile")
        let session = LintSession(configuration: LintConfiguration())
        let preview = try session.run(paths: [path], mode: .diff)
        #expect(preview.diff.contains("+CMD [\"node\", \"server.js\"]"))
        #expect(try read(path) == Self.fixable)
        let fixed = try session.run(paths: [path], mode: .fix)
        #expect(fixed.diff.isEmpty)
        #expect(try read(path).contains("CMD [\"node\", \"server.js\"]"))
        #expect(!fixed.report.findings.contains { $0.ruleID == "exec-form-command" })
        // Idempotent: nothing left to fix.
        let again = try read(path)
        _ = try session.run(paths: [path], mode: .fix)
        #expect(try read(path) == again)
    }

    @Test func aReadOnlyFileIsNotChangedAndTheErrorSaysWhy() throws {
        let path = try write(Self.fixable, "ro/Dockerfile")
        chmod(path, 0o444)
        defer { chmod(path, 0o644) }
        let error = try #require(throws: FileProblem.self) {
            try LintSession(configuration: LintConfiguration()).run(paths: [path], mode: .fix)
        }
        #expect(error.position.file == path)
        #expect(error.problem.contains("read-only"))
        #expect(try read(path) == Self.fixable)
    }

    @Test func badInputIsDataNamingTheFile() throws {
        let session = LintSession(configuration: LintConfiguration())
        #expect(throws: DockerfileDiscovery.DiscoveryError.missing(folder.path + "/absent")) {
            try session.run(paths: [folder.path + "/absent"])
        }
        let staged = try write("FROM alpine:3.20 AS build\nFROM scratch\n", "staged/Dockerfile")
        let unknown = try #require(throws: FileProblem.self) { try session.run(paths: [staged], targets: ["tset"]) }
        #expect(unknown.problem == "--target tset names no stage" && unknown.remedy == "its stages are build")
        let empty = try FileManager.default.url(
            for: .itemReplacementDirectory, in: .userDomainMask, appropriateFor: folder, create: true)
        #expect(throws: FileProblem.self) { try session.run(paths: [empty.path]) }
        // A file that does not parse is a finding, and makes the run unusable; the others are linted.
        let broken = try write("FROM alpine:3.20\nENV lonely\n", "broken/Dockerfile")
        let outcome = try session.run(paths: [broken, staged])
        #expect(outcome.unusable)
        #expect(outcome.report.findings.contains { $0.ruleID == "syntax-error" && $0.file == broken && $0.line == 2 })
    }

    @Test func theFailureThresholdDecides() throws {
        let path = try write(Self.fixable, "t/Dockerfile")
        let outcome = try LintSession(configuration: LintConfiguration()).run(paths: [path])
        #expect(outcome.fails(.severity(.error)))
        #expect(!outcome.fails(.none))
    }
}
