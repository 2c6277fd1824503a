import CZlib
import CZstd
import Foundation

/// Writes tar archives for tests: ustar headers, GNU long names, PAX records, links and devices.
public struct TarWriter {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public enum Kind: UInt8 {
        case file = 0x30, hardLink = 0x31, symlink = 0x32, characterDevice = 0x33, directory = 0x35, fifo = 0x36
    }

    /// Adds an entry; `longName` writes a GNU `L` record, `pax` a PAX `x` header before it.
    public mutating func add(
        _ path: String, _ content: [UInt8] = [], kind: Kind = .file, link: String = "", mode: Int = 0o644, uid: Int = 0,
        gid: Int = 0,
        mtime: Int = 1_700_000_000, pax: [String: String] = [:], longName: Bool = false, sizeOverride: Int? = nil,
        base256Size: Bool = false
    ) {
        if !pax.isEmpty {
            var records: [UInt8] = []
            for (key, value) in pax.sorted(by: { $0.key < $1.key }) {
                let body = " \(key)=\(value)\n"
                var length = body.utf8.count + 1
                while "\(length)".utf8.count + body.utf8.count != length { length = "\(length)".utf8.count + body.utf8.count }
                records += Array("\(length)\(body)".utf8)
            }
            appendHeader(
                name: "PaxHeaders/x", size: records.count, typeflag: UInt8(ascii: "x"), link: "", mode: 0o644, uid: 0, gid: 0,
                mtime: mtime)
            appendContent(records)
        }
        var name = path
        if longName {
            let data = Array(path.utf8) + [0]
            appendHeader(
                name: "././@LongLink", size: data.count, typeflag: UInt8(ascii: "L"), link: "", mode: 0, uid: 0, gid: 0, mtime: 0)
            appendContent(data)
            name = String(path.suffix(90))
        }
        appendHeader(
            name: name, size: sizeOverride ?? content.count, typeflag: kind.rawValue, link: link, mode: mode, uid: uid, gid: gid,
            mtime: mtime,
            base256Size: base256Size)
        appendContent(content)
    }

    /// A PAX `x` header with these bytes as its records, written as given (for damaged records).
    public mutating func addRawPAX(_ records: [UInt8]) {
        appendHeader(
            name: "PaxHeaders/raw", size: records.count, typeflag: UInt8(ascii: "x"), link: "", mode: 0o644, uid: 0, gid: 0,
            mtime: 0)
        appendContent(records)
    }

    /// Appends the two zero blocks that end an archive.
    public mutating func finish() -> [UInt8] {
        bytes += [UInt8](repeating: 0, count: 1024)
        return bytes
    }

    /// Raw bytes, for corrupting archives on purpose.
    public mutating func appendRaw(_ raw: [UInt8]) { bytes += raw }

    private mutating func appendContent(_ content: [UInt8]) {
        bytes += content
        bytes += [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
    }

    private mutating func appendHeader(
        name: String, size: Int, typeflag: UInt8, link: String, mode: Int, uid: Int, gid: Int, mtime: Int,
        base256Size: Bool = false
    ) {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, _ offset: Int, _ length: Int) {
            for (index, byte) in Array(text.utf8).prefix(length).enumerated() { header[offset + index] = byte }
        }
        func octal(_ value: Int, _ offset: Int, _ length: Int) {
            put(
                String(repeating: "0", count: max(0, length - 1 - String(value, radix: 8).count)) + String(value, radix: 8),
                offset, length - 1)
        }
        put(name, 0, 100)
        octal(mode, 100, 8)
        octal(uid, 108, 8)
        octal(gid, 116, 8)
        if base256Size {
            header[124] = 0x80
            var value = size
            for index in stride(from: 135, to: 124, by: -1) {
                header[index] = UInt8(value & 0xFF)
                value >>= 8
            }
        } else {
            octal(size, 124, 12)
        }
        octal(mtime, 136, 12)
        for index in 148..<156 { header[index] = 0x20 }
        header[156] = typeflag
        put(link, 157, 100)
        put("ustar", 257, 6)
        put("00", 263, 2)
        let sum = header.reduce(0) { $0 + Int($1) }
        put(String(repeating: "0", count: max(0, 6 - String(sum, radix: 8).count)) + String(sum, radix: 8), 148, 6)
        header[154] = 0
        header[155] = 0x20
        bytes += header
    }
}

/// Compression for building test layers.
public enum TestCompression {
    public static func gzip(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        deflateInit2_(&stream, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 64)
        var source = input
        source.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = uInt(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = uInt(outputBuffer.count)
                deflate(&stream, Z_FINISH)
            }
        }
        let produced = Int(stream.total_out)
        deflateEnd(&stream)
        return Array(output.prefix(produced))
    }

    public static func zstd(_ input: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
        let written = output.withUnsafeMutableBytes { out in
            input.withUnsafeBytes { source in ZSTD_compress(out.baseAddress, out.count, source.baseAddress, source.count, 3) }
        }
        return Array(output.prefix(written))
    }

    /// `sha256:<hex>` of bytes (via the system's sha256sum, to stay independent of the code under test).
    public static func sha256(_ bytes: [UInt8]) throws -> String {
        let result = try ProcessRunner.run("sha256sum", ["-"], input: Data(bytes))
        return "sha256:" + result.stdoutText.prefix(64)
    }
}
