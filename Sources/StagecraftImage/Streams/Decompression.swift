import CZlib
import CZstd
import TarArchive

/// A stream that replays its first bytes after they were looked at, to sniff a layer's format.
final class PeekStream: ByteStream {
    private let source: ByteStream
    private var head: [UInt8] = []
    private var headOffset = 0

    init(_ source: ByteStream) { self.source = source }

    /// Reads up to `count` bytes ahead without consuming them.
    func peek(_ count: Int) throws -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: count)
        while head.count < count {
            let read = try chunk.withUnsafeMutableBytes {
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<(count - head.count)]))
            }
            if read == 0 { break }
            head.append(contentsOf: chunk[0..<read])
        }
        return Array(head.prefix(count))
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if headOffset < head.count {
            let take = min(buffer.count, head.count - headOffset)
            head.withUnsafeBytes { source in
                guard let base = source.baseAddress else { return }
                buffer.baseAddress?.copyMemory(from: base + headOffset, byteCount: take)
            }
            headOffset += take
            return take
        }
        return try source.read(into: buffer)
    }

    func skip(_ count: Int) -> Bool { headOffset >= head.count && source.skip(count) }
}

/// The compression of a layer blob, from its first bytes.
enum LayerEncoding: String, Sendable {
    case tar, gzip, zstd

    static func sniff(_ head: [UInt8]) -> LayerEncoding {
        if head.starts(with: [0x1F, 0x8B]) { return .gzip }
        if head.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
        return .tar
    }
}

/// Inflates gzip (several concatenated members too) with zlib.
final class GzipStream: ByteStream {
    private let source: ByteStream
    private var stream = z_stream()
    private var input = [UInt8](repeating: 0, count: 1 << 18)
    private var inputEnded = false
    private var finished = false

    init(_ source: ByteStream) throws {
        self.source = source
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw TarError.io("cannot start gzip decompression")
        }
    }

    deinit { inflateEnd(&stream) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, let output = buffer.baseAddress else { return 0 }
        return try input.withUnsafeMutableBytes { inputBytes -> Int in
            stream.next_out = output.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(buffer.count)
            while stream.avail_out > 0 {
                if stream.avail_in == 0 && !inputEnded {
                    let count = try source.read(into: inputBytes)
                    if count == 0 {
                        inputEnded = true
                    } else {
                        stream.next_in = inputBytes.baseAddress?.assumingMemoryBound(to: Bytef.self)
                        stream.avail_in = uInt(count)
                    }
                }
                if stream.avail_in == 0 && inputEnded {
                    let produced = buffer.count - Int(stream.avail_out)
                    if produced == 0 { throw TarError.truncated(offset: Int(stream.total_in), detail: "gzip stream ends early") }
                    return produced
                }
                let status = inflate(&stream, Z_NO_FLUSH)
                if status == Z_STREAM_END {
                    // Another gzip member may follow (pigz and some registries write several).
                    if stream.avail_in == 0 {
                        let count = try source.read(into: inputBytes)
                        if count == 0 {
                            finished = true
                            break
                        }
                        stream.next_in = inputBytes.baseAddress?.assumingMemoryBound(to: Bytef.self)
                        stream.avail_in = uInt(count)
                    }
                    inflateReset(&stream)
                    continue
                }
                guard status == Z_OK || status == Z_BUF_ERROR else {
                    throw TarError.io("corrupt gzip data (zlib error \(status))")
                }
            }
            return buffer.count - Int(stream.avail_out)
        }
    }
}

/// Decompresses zstd frames with libzstd.
final class ZstdStream: ByteStream {
    private let source: ByteStream
    private let context: OpaquePointer
    private var input = [UInt8](repeating: 0, count: 1 << 18)
    private var inputStart = 0
    private var inputEnd = 0
    private var inputEnded = false
    private var lastResult = 0

    init(_ source: ByteStream) throws {
        self.source = source
        guard let context = ZSTD_createDStream() else { throw TarError.io("cannot start zstd decompression") }
        self.context = context
        ZSTD_initDStream(context)
    }

    deinit { ZSTD_freeDStream(context) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var output = ZSTD_outBuffer(dst: base, size: buffer.count, pos: 0)
        while output.pos == 0 {
            if inputStart == inputEnd {
                if inputEnded {
                    if lastResult != 0 { throw TarError.truncated(offset: 0, detail: "zstd stream ends early") }
                    return 0
                }
                inputEnd = try input.withUnsafeMutableBytes { try source.read(into: $0) }
                inputStart = 0
                if inputEnd == 0 {
                    inputEnded = true
                    continue
                }
            }
            let result = input.withUnsafeBytes { bytes -> Int in
                guard let base = bytes.baseAddress else { return 0 }
                var inBuffer = ZSTD_inBuffer(src: base + inputStart, size: inputEnd - inputStart, pos: 0)
                let code = ZSTD_decompressStream(context, &output, &inBuffer)
                inputStart += inBuffer.pos
                return code
            }
            if ZSTD_isError(result) != 0 {
                throw TarError.io("corrupt zstd data: \(String(cString: ZSTD_getErrorName(result)))")
            }
            lastResult = result
        }
        return output.pos
    }
}
