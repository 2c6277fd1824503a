import Foundation
import StagecraftConfiguration

/// The one way commands get their configuration and sizes from the user.
enum Settings {
    /// The configuration for a project in `folder`, or the file `--config` names.
    static func load(explicit: String?, folder: String = ".") throws -> ProjectConfiguration {
        do { return try ConfigurationLoader.load(explicit: explicit, folder: folder) } catch { throw CommandFailure(error) }
    }

    /// The folder whose configuration applies to `paths` (a folder, or a file's folder, when there
    /// is one path; else the current folder).
    static func folder(of paths: [String]) -> String {
        guard paths.count == 1, let path = paths.first else { return "." }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "." }
        return isDirectory.boolValue ? path : URL(fileURLWithPath: path).deletingLastPathComponent().path
    }

    /// A size given to `option` (`8G`, `500MiB`, `20MB`, bytes; see ``ByteCount``).
    static func size(_ text: String, option: String) throws -> Int {
        guard let bytes = ByteCount.parse(text), bytes > 0 else {
            throw CommandFailure(
                "error: \(option) \(text) is not a size; write bytes or a number with k, M, G or T (e.g. 8G, 500MiB, 20MB)")
        }
        return bytes
    }
}
