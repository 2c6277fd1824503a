import Foundation

/// Reads a project file that is only ever a regular file: a compose, bake or `.env` file, a
/// `.dockerignore`, a manifest or a script. A FIFO (which would wait forever for a writer), a
/// device or a file over `limit` bytes reads as nil.
public enum TextFile {
    public static func bytes(_ path: String, limit: Int = 16 << 20) -> [UInt8]? {
        // Non-blocking, so a FIFO (which would wait for a writer) is refused, not waited on.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) <= limit else {
            return nil
        }
        // One read of the size fstat gives, and one byte more to notice a file that grew.
        let capacity = Int(status.st_size) + 1
        var failed = false
        var contents = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return }
            while count < capacity {
                let read = Foundation.read(descriptor, base + count, capacity - count)
                if read < 0 && errno == EINTR { continue }
                if read < 0 { failed = true }
                if read <= 0 { break }
                count += read
            }
        }
        if failed { return nil }
        // A file that grew while being read: read the rest in chunks, within the limit.
        if contents.count == capacity {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while contents.count <= limit {
                let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                contents += chunk[0..<count]
            }
        }
        return contents.count <= limit ? contents : nil
    }

    public static func text(_ path: String, limit: Int = 16 << 20) -> String? {
        bytes(path, limit: limit).map { String(decoding: $0, as: UTF8.self) }
    }
}
