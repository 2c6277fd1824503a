import Foundation
import TestSupport
import Testing

@testable import StagecraftLint

/// Which files a project lint reads: Dockerfiles by name and by content, each once.
@Suite final class DiscoveryTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("discovery") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) throws {
        try Paths.write(text, to: name, in: folder)
    }

    @Test func filesNamedLikeDockerfilesAreReadOnlyWhenTheirTextIsOne() throws {
        try write("Dockerfile", "# syntax note\n\nFROM alpine:3.20\n")
        try write("api/Dockerfile.dev", "ARG BASE=node:22\nFROM ${BASE}\n")
        try write("policy/dockerfile.rego", "package builtin.dockerfile.DS001\n\ndeny[res] { true }\n")
        try write("pkg/dockerfile.go", "// Package dockerfile parses.\npackage dockerfile\n")
        try write("web/Dockerfile.dockerignore", "node_modules\n.git\n")
        try write("empty/Dockerfile", "")
        let result = try DockerfileDiscovery.find([folder.path])
        let names = result.files.map { String($0.dropFirst(folder.path.count + 1)) }
        #expect(names == ["Dockerfile", "api/Dockerfile.dev"])
        let skipped = Set(result.skipped.map { String($0.path.dropFirst(folder.path.count + 1)) })
        #expect(
            skipped == ["policy/dockerfile.rego", "pkg/dockerfile.go", "web/Dockerfile.dockerignore", "empty/Dockerfile"])
        #expect(result.skipped.allSatisfy { $0.reason.contains("not one") })
    }

    @Test func linksAreFollowedOnlyInsideTheProjectAndFilesCountOnce() throws {
        try write("Dockerfile", "FROM alpine:3.20\n")
        let outside = try Paths.temporaryDirectory("outside")
        defer { try? FileManager.default.removeItem(at: outside) }
        try Data("FROM busybox\n".utf8).write(to: outside.appendingPathComponent("Dockerfile"))
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("Dockerfile.same").path, withDestinationPath: "Dockerfile")
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("Dockerfile.outside").path,
            withDestinationPath: outside.appendingPathComponent("Dockerfile").path)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("loop").path, withDestinationPath: folder.path)
        #expect(mkfifo(folder.appendingPathComponent("Dockerfile.fifo").path, 0o644) == 0)
        let result = try DockerfileDiscovery.find([folder.path, folder.appendingPathComponent("Dockerfile").path])
        #expect(result.files == [folder.appendingPathComponent("Dockerfile").path])
        let reasons = Dictionary(
            result.skipped.map { (($0.path as NSString).lastPathComponent, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons["Dockerfile.same"]?.contains("same file") == true)
        #expect(reasons["Dockerfile.outside"]?.contains("outside") == true)
        #expect(reasons["Dockerfile.fifo"]?.contains("not a regular file") == true)
    }

    @Test(arguments: [
        ("**/test/**", "a/test/b/Dockerfile", true), ("**/test/**", "test/Dockerfile", true),
        ("**/Dockerfile", "Dockerfile", true), ("vendor/*", "vendor/x/Dockerfile", false),
        ("*.dev", "Dockerfile.dev", true), ("a?c/Dockerfile", "abc/Dockerfile", true), ("a?c", "a/c", false),
    ])
    func globsMatchAsExcludeSettingsWriteThem(pattern: String, path: String, matches: Bool) {
        #expect(GlobPattern(pattern).matches(path) == matches)
    }

    /// A pattern that makes a backtracking matcher take exponential time answers at once.
    @Test func globMatchingDoesNotBacktrack() {
        let pattern = String(repeating: "*a", count: 40) + "b"
        let text = String(repeating: "a", count: 4_000)
        #expect(!GlobPattern(pattern).matches(text))
        #expect(GlobPattern(String(repeating: "**/a", count: 30) + "/b").matches(String(repeating: "a/", count: 200) + "b"))
    }
}
