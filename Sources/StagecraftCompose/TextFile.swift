import Foundation

/// Reads a project file that is only ever a regular file: a compose, bake or `.env` file, a
/// `.dockerignore`, a manifest or a script. A FIFO (which would wait forever for a writer), a
/// device or a file over `limit` bytes reads as nil.
public enum TextFile {
    public static func bytes(_ path: String, limit: Int = 16 << 20) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) <= limit else {
            return nil
        }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while result.count <= limit {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            result += chunk[0..<count]
        }
        return result.count <= limit ? result : nil
    }

    public static func text(_ path: String, limit: Int = 16 << 20) -> String? {
        bytes(path, limit: limit).map { String(decoding: $0, as: UTF8.self) }
    }
}
