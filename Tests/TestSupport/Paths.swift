import Foundation

/// Locations the tests read from.
public enum Paths {
    /// The package root, found from this file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// BuildKit's parser test data, shared beside the project as `../shared`.
    public static let buildkitConformance: URL =
        packageRoot
        .deletingLastPathComponent().appendingPathComponent("shared/conformance/buildkit-parser")

    /// Whether the tests run in CI, where nothing may be skipped for lack of an input.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The folder holding the built products (`stagecraft` among them).
    public static var productsDirectory: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0])
        var url = bundle
        while url.path != "/" {
            url = url.deletingLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("stagecraft").path) {
                return url
            }
        }
        return packageRoot.appendingPathComponent(".build/debug")
    }

    /// The `stagecraft` executable under test.
    public static var stagecraft: URL { productsDirectory.appendingPathComponent("stagecraft") }

    /// Whether a path exists.
    public static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    /// Reads a file's bytes.
    public static func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    /// A fresh temporary folder.
    public static func temporaryDirectory(_ prefix: String = "stagecraft-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to `relative` inside `folder`, creating the folders on the way.
    @discardableResult
    public static func write(_ text: String, to relative: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// A peer tool's executable: pip's shims first, then the usual folders, then `PATH`.
    public static func executable(named name: String) -> String? {
        for folder in ["/root/.pyenv/shims", "/usr/local/bin", "/usr/bin"] where exists(URL(fileURLWithPath: "\(folder)/\(name)"))
        {
            return "\(folder)/\(name)"
        }
        let which = try? ProcessRunner.run("which", [name])
        let path = which?.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return path.isEmpty ? nil : path
    }
}
