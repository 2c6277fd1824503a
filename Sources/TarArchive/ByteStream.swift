#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A source of bytes read front to back: a file, a pipe, a decompressor, or a tar entry.
public protocol ByteStream: AnyObject {
    /// Reads up to `buffer.count` bytes; returns 0 at the end.
    /// - Throws: ``TarError`` (or the stream's own error) when the source fails.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int

    /// Moves forward `count` bytes without reading them, when the source can; returns false when
    /// it cannot (a pipe, a decompressor), and the caller reads instead.
    func skip(_ count: Int) -> Bool
}

extension ByteStream {
    public func skip(_ count: Int) -> Bool { false }
}

/// Reads a file descriptor (a file or a pipe).
public final class FileStream: ByteStream {
    public let descriptor: Int32
    private let owned: Bool

    /// Opens `path` for reading.
    /// - Throws: ``TarError/io(_:)`` when the file cannot be opened.
    public init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw TarError.io("cannot open \(path): \(String(cString: strerror(errno)))") }
        self.descriptor = descriptor
        owned = true
    }

    /// Reads an already open descriptor (not closed by this object).
    public init(descriptor: Int32) {
        self.descriptor = descriptor
        owned = false
    }

    deinit { if owned { close(descriptor) } }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = systemRead(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw TarError.io("read failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Moves forward `count` bytes without reading them, when the descriptor is a regular file.
    /// Returns false when it cannot seek (a pipe), so the caller reads instead.
    public func skip(_ count: Int) -> Bool {
        lseek(descriptor, off_t(count), SEEK_CUR) >= 0
    }
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// Bytes in memory, for tests and small blobs.
public final class MemoryStream: ByteStream {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            guard let base = source.baseAddress else { return }
            buffer.baseAddress?.copyMemory(from: base + offset, byteCount: count)
        }
        offset += count
        return count
    }
}

/// A byte range of an open file, read with `pread` so several ranges of one descriptor can be
/// read at once from different threads.
public final class FileRangeStream: ByteStream {
    private let descriptor: Int32
    private var offset: Int
    private let end: Int

    public init(descriptor: Int32, offset: Int, length: Int) {
        self.descriptor = descriptor
        self.offset = offset
        end = offset + length
    }

    public func skip(_ count: Int) -> Bool {
        // Past the end, the next read reports the range as ended, as a short file would.
        offset = min(end, offset + count)
        return true
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = min(buffer.count, end - offset)
        guard wanted > 0 else { return 0 }
        while true {
            let count = pread(descriptor, buffer.baseAddress, wanted, off_t(offset))
            if count > 0 {
                offset += count
                return count
            }
            if count == 0 { throw TarError.truncated(offset: offset, detail: "the file ends inside an entry") }
            if errno == EINTR { continue }
            throw TarError.io("read failed: \(String(cString: strerror(errno)))")
        }
    }
}
