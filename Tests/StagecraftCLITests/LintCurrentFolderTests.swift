import Foundation
import TestSupport
import Testing

/// `stagecraft lint .` in a folder with a compose file and its override (the shape of most compose
/// projects) lints both together; it once trapped in Foundation on the path `.`.
@Suite final class LintCurrentFolderTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("lint-dot") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    @Test func theCurrentFolderWithAnOverrideFile() throws {
        try Data("services:\n  api:\n    image: shop/api:1\n".utf8).write(to: folder.appendingPathComponent("compose.yaml"))
        try Data("services:\n  api:\n    environment: {DEBUG: \"1\"}\n".utf8).write(
            to: folder.appendingPathComponent("compose.dev.yaml"))
        let linted = try ProcessRunner.run(
            Paths.stagecraft.path, ["lint", ".", "--format", "json"], directory: folder, timeout: 60)
        #expect(linted.status == 0, "\(linted.stderrText.prefix(500))")
        #expect(linted.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }
}
