import Foundation
import TestSupport
import Testing

/// `lint --fix` changes only what the user owns, as the user has it: through symbolic links,
/// keeping hard links and modes, never a read-only file, never a file outside the project.
@Suite final class FixSafetyTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("fixsafety") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    static let fixable = "FROM alpine:3.20\nRUN apk add curl=8.9.0-r0\nUSER 1000\n"
    static let fixed = "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.0-r0\nUSER 1000\n"

    func write(_ name: String, _ text: String) throws -> String {
        try Paths.write(text, to: name, in: folder).path
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func fix(_ path: String) throws -> ProcessResult {
        try ProcessRunner.run(Paths.stagecraft.path, ["lint", "--fix", "--failure-threshold", "none", path])
    }

    @Test func aSymlinkStaysALinkAndTheTargetIsFixed() throws {
        let target = try write("real/Dockerfile", Self.fixable)
        let link = folder.appendingPathComponent("Dockerfile.link").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let result = try fix(link)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try read(target) == Self.fixed)
    }

    @Test func hardLinksKeepSharingAndModesAreKept() throws {
        let first = try write("Dockerfile", Self.fixable)
        let second = folder.appendingPathComponent("Dockerfile.hard").path
        try FileManager.default.linkItem(atPath: first, toPath: second)
        #expect(chmod(first, 0o640) == 0)
        #expect(try fix(first).status == 0)
        #expect(try read(second) == Self.fixed)
        var status = stat()
        #expect(stat(first, &status) == 0 && status.st_mode & 0o777 == 0o640 && status.st_nlink == 2)
    }

    @Test func aReadOnlyFileIsRefusedAndLeftAlone() throws {
        let path = try write("Dockerfile", Self.fixable)
        #expect(chmod(path, 0o444) == 0)
        let result = try fix(path)
        #expect(result.status == 2)
        #expect(result.stderrText.contains("is read-only; it was not changed"), "\(result.stderrText)")
        #expect(try read(path) == Self.fixable)
    }

    @Test func filesOutsideTheProjectAreNeitherPrintedNorFixed() throws {
        let outside = try Paths.temporaryDirectory("outside")
        defer { try? FileManager.default.removeItem(at: outside) }
        let secret = outside.appendingPathComponent("Dockerfile")
        try Data((Self.fixable + "ENV TOKEN=hunter2-secret\n").utf8).write(to: secret)
        _ = try write(
            "project/compose.yaml",
            "services:\n  api:\n    build:\n      context: .\n      dockerfile: \(secret.path)\n  env:\n    build:\n      context: .\n      dockerfile: /proc/self/environ\n"
        )
        let result = try ProcessRunner.run(
            Paths.stagecraft.path,
            ["lint", "--fix", "--failure-threshold", "none", folder.appendingPathComponent("project").path],
            environment: ["CANARY_TOKEN": "canary-value-123"])
        #expect(try String(contentsOf: secret, encoding: .utf8).contains("apk add curl"), "outside file was rewritten")
        #expect(!result.stdoutText.contains("hunter2-secret") && !result.stdoutText.contains("canary-value-123"))
        #expect(result.stdoutText.contains("dockerfile-outside-project"), "\(result.stdoutText)")
    }

    @Test func fifosAreRefusedNotWaitedOn() throws {
        let fifo = folder.appendingPathComponent("Dockerfile").path
        #expect(mkfifo(fifo, 0o644) == 0)
        for command in [["parse"], ["graph"], ["lint"]] {
            let result = try ProcessRunner.run(Paths.stagecraft.path, command + [fifo], timeout: 20)
            #expect(!result.timedOut, "\(command[0]) waited on a FIFO")
            #expect(result.status == 2)
        }
        // FIFOs where a project keeps its settings and manifests are not waited on either.
        for name in [".dockerignore", ".env", "compose.yaml", "package.json", "docker-bake.hcl", "build.sh"] {
            #expect(mkfifo(folder.appendingPathComponent(name).path, 0o644) == 0)
        }
        try Data("FROM alpine:3.20\nCOPY package.json ./\nUSER 1000\n".utf8).write(
            to: folder.appendingPathComponent("Dockerfile.real"))
        let project = try ProcessRunner.run(Paths.stagecraft.path, ["lint", folder.path], timeout: 20)
        #expect(!project.timedOut)
    }

    @Test func aTimeoutThatIsNotANumberIsRefused() throws {
        for value in ["nan", "inf", "-1"] {
            let result = try ProcessRunner.run(Paths.stagecraft.path, ["test", "--timeout", value, "--image", "x"], timeout: 20)
            #expect(result.status == 2, "--timeout \(value): \(result.stderrText)")
        }
    }
}
