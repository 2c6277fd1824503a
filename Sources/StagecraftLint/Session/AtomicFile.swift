import Foundation
import StagecraftReporting

/// Replaces a file's contents atomically: a sibling temporary file, then rename. The write goes
/// to the real file behind a symbolic link (the link stays a link), keeps the owner, group and
/// mode, and refuses a read-only file. A file with other hard links is rewritten in place
/// instead, so every name keeps seeing the same file.
public enum AtomicFile {
    /// Writes `bytes` to `path`, or throws a ``FileProblem`` saying why the file was not changed.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileProblem) {
        let real = DockerfileDiscovery.realPath(path) ?? path
        var status = stat()
        guard stat(real, &status) == 0 else { throw FileProblem(path, "cannot be read any more; it was not changed") }
        guard status.st_mode & 0o222 != 0, access(real, W_OK) == 0 else {
            throw FileProblem(path, "is read-only; it was not changed", remedy: "make it writable to apply fixes")
        }
        if status.st_nlink > 1 {
            guard let handle = FileHandle(forWritingAtPath: real) else {
                throw FileProblem(path, "cannot be opened for writing; it was not changed")
            }
            defer { try? handle.close() }
            do {
                try handle.truncate(atOffset: 0)
                try handle.write(contentsOf: Data(bytes))
            } catch {
                throw FileProblem(path, "writing it failed: \(error)")
            }
            return
        }
        let url = URL(fileURLWithPath: real)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).stagecraft-\(getpid())-\(UUID().uuidString.prefix(8))")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes)) else {
            throw FileProblem(
                path, "cannot write a temporary file beside it; it was not changed", remedy: "check the folder's permissions")
        }
        chmod(temporary.path, status.st_mode & 0o7777)
        // Keep the owner and group; without the right to (not root), the new file is the user's own.
        _ = chown(temporary.path, status.st_uid, status.st_gid)
        guard rename(temporary.path, real) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw FileProblem(path, "cannot replace the file; it was not changed", remedy: "check its permissions")
        }
    }
}
