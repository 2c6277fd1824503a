/// Reads a tar archive as a stream, one entry at a time, never holding an entry's content in
/// memory: ustar, GNU long names and links (`L`, `K`), PAX local and global headers (`x`, `g`:
/// path, linkpath, size, uid, gid, mtime, uname, gname), base-256 numbers, checksums.
/// See https://www.gnu.org/software/tar/manual/html_node/Standard.html
public final class TarReader {
    private let stream: ByteStream
    /// Bytes read from the stream and not yet consumed are `buffer[start..<end]`.
    private let buffer: UnsafeMutableRawPointer
    private let capacity: Int
    /// A header split across two reads is put together here.
    private let scratch: UnsafeMutableRawPointer
    private var start = 0
    private var end = 0
    private var ended = false
    /// Bytes consumed from the stream so far (the archive offset of `buffer[start]`).
    private var consumed = 0
    /// Content bytes of the current entry not yet read, and padding after them.
    private var remaining = 0
    private var padding = 0
    private var globalPAX: [String: String] = [:]

    /// Reads from `stream`; `bufferSize` bytes are read at a time.
    public init(_ stream: ByteStream, bufferSize: Int = 1 << 20) {
        self.stream = stream
        capacity = max(bufferSize, 4096)
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        scratch = UnsafeMutableRawPointer.allocate(byteCount: 512, alignment: 16)
    }

    deinit {
        buffer.deallocate()
        scratch.deallocate()
    }

    /// The archive offset of the next unread byte.
    public var offset: Int { consumed }

    private func fill() throws -> Bool {
        if start < end { return true }
        if ended { return false }
        start = 0
        end = try stream.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: capacity))
        if end == 0 { ended = true }
        return end > 0
    }

    /// Copies exactly `count` bytes into `destination`, or fails at the end of the stream.
    private func readExactly(_ count: Int, into destination: UnsafeMutableRawPointer, what: String) throws {
        var copied = 0
        while copied < count {
            guard try fill() else { throw TarError.truncated(offset: consumed, detail: "\(what) ends early") }
            let take = min(count - copied, end - start)
            (destination + copied).copyMemory(from: buffer + start, byteCount: take)
            copied += take
            start += take
            consumed += take
        }
    }

    /// The content of a metadata entry (PAX records, a GNU long name) and its padding. These are
    /// read into memory, so a size no real archive needs is damage (or an attack), not something
    /// to allocate; Go's archive/tar has the same limit.
    private func readMetadata(_ count: Int, headerOffset: Int, what: String) throws -> [UInt8] {
        guard count <= Self.metadataLimit else {
            throw TarError.badField(offset: headerOffset, field: "size (\(count) bytes of long name or PAX records)")
        }
        guard count > 0 else { return [] }
        let data = try [UInt8](unsafeUninitializedCapacity: count) { bytes, initialized in
            guard let base = bytes.baseAddress else { return }
            try readExactly(count, into: UnsafeMutableRawPointer(base), what: what)
            initialized = count
        }
        try discard(paddingFor(count), what: "\(what) padding")
        return data
    }

    /// The next 512-byte header, in place when the buffer holds it whole, else put together.
    private func readHeader() throws -> UnsafeRawBufferPointer {
        if end - start >= 512 {
            let header = UnsafeRawBufferPointer(start: buffer + start, count: 512)
            start += 512
            consumed += 512
            return header
        }
        try readExactly(512, into: scratch, what: "header")
        return UnsafeRawBufferPointer(start: scratch, count: 512)
    }

    /// Discards `count` bytes.
    private func discard(_ count: Int, what: String) throws {
        var left = count
        while left > 0 {
            if start == end, left > capacity, stream.skip(left) {
                consumed += left
                return
            }
            guard try fill() else { throw TarError.truncated(offset: consumed, detail: "\(what) ends early") }
            let take = min(left, end - start)
            start += take
            consumed += take
            left -= take
        }
    }

    /// Moves past the rest of the current entry's content.
    public func skipContent() throws {
        try discard(remaining + padding, what: "entry content")
        remaining = 0
        padding = 0
    }

    /// Hands the current entry's remaining content to `body` in chunks.
    public func readContent(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        while remaining > 0 {
            guard try fill() else { throw TarError.truncated(offset: consumed, detail: "entry content ends early") }
            let take = min(remaining, end - start)
            try body(UnsafeRawBufferPointer(start: buffer + start, count: take))
            start += take
            consumed += take
            remaining -= take
        }
        try discard(padding, what: "entry padding")
        padding = 0
    }

    /// Reads up to `destination.count` bytes of the current entry's content; 0 at its end.
    public func readContent(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        if remaining == 0 {
            try discard(padding, what: "entry padding")
            padding = 0
            return 0
        }
        guard try fill() else { throw TarError.truncated(offset: consumed, detail: "entry content ends early") }
        let take = min(remaining, end - start, destination.count)
        destination.baseAddress?.copyMemory(from: buffer + start, byteCount: take)
        start += take
        consumed += take
        remaining -= take
        return take
    }

    /// The whole content of the current entry (for small metadata entries).
    public func readAll(limit: Int = 64 << 20) throws -> [UInt8] {
        var result: [UInt8] = []
        try readContent { chunk in
            guard result.count + chunk.count <= limit else { throw TarError.io("entry is larger than \(limit) bytes") }
            result.append(contentsOf: chunk)
        }
        return result
    }

    /// The next entry, or nil at the end of the archive. Skips what is left of the previous entry.
    public func next() throws -> TarEntry? {
        try skipContent()
        var localPAX: [String: String] = [:]
        var longName: String?
        var longLink: String?
        while true {
            let headerOffset = consumed
            guard try fill() else {
                if headerOffset == 0 { throw TarError.truncated(offset: 0, detail: "the archive is empty") }
                throw TarError.truncated(offset: headerOffset, detail: "missing end-of-archive marker")
            }
            // The header stays valid until the next read from the stream: everything it gives
            // is taken out of it before any content is read.
            let header = try readHeader()
            if Self.isZero(header) {
                // End of archive: a second zero block normally follows; tolerate its absence.
                return nil
            }
            try verifyChecksum(header, offset: headerOffset)
            let typeflag = header[156]
            let size = try number(header, 124, 12, offset: headerOffset, field: "size")
            guard size <= Self.sizeLimit else {
                throw TarError.badField(offset: headerOffset, field: "size (\(size) bytes, more than any archive holds)")
            }
            switch typeflag {
            case UInt8(ascii: "x"), UInt8(ascii: "g"):
                let data = try readMetadata(size, headerOffset: headerOffset, what: "PAX header")
                let records = try parsePAX(data, offset: headerOffset)
                if typeflag == UInt8(ascii: "g") { globalPAX.merge(records) { $1 } } else { localPAX.merge(records) { $1 } }
                continue
            case UInt8(ascii: "L"), UInt8(ascii: "K"):
                let data = try readMetadata(size, headerOffset: headerOffset, what: "GNU long name")
                let text = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
                if typeflag == UInt8(ascii: "L") { longName = text } else { longLink = text }
                continue
            default:
                break
            }
            var entry = TarEntry(
                path: longName ?? ustarName(header),
                linkTarget: longLink ?? Self.string(header, 157, 100),
                kind: kind(typeflag), size: size, mode: try number(header, 100, 8, offset: headerOffset, field: "mode"),
                uid: try number(header, 108, 8, offset: headerOffset, field: "uid"),
                gid: try number(header, 116, 8, offset: headerOffset, field: "gid"),
                modificationTime: Double(try number(header, 136, 12, offset: headerOffset, field: "mtime")),
                userName: Self.string(header, 265, 32), groupName: Self.string(header, 297, 32), headerOffset: headerOffset,
                contentOffset: consumed)
            if !globalPAX.isEmpty || !localPAX.isEmpty {
                try apply(globalPAX.merging(localPAX) { $1 }, to: &entry, longName: longName, longLink: longLink)
            }
            // Links, devices and folders carry no content whatever their size field says.
            switch entry.kind {
            case .file, .other: remaining = entry.size
            default: remaining = 0
            }
            padding = paddingFor(remaining)
            return entry
        }
    }

    /// PAX records override the header's fields; GNU long names win over PAX paths.
    private func apply(_ pax: [String: String], to entry: inout TarEntry, longName: String?, longLink: String?) throws {
        if longName == nil, let value = pax["path"] { entry.path = value }
        if longLink == nil, let value = pax["linkpath"] { entry.linkTarget = value }
        if let value = pax["size"] {
            guard let parsed = Int(value), parsed >= 0, parsed <= Self.sizeLimit else {
                throw TarError.badPAX(offset: entry.headerOffset, detail: "size \(value) is not a size any archive holds")
            }
            entry.size = parsed
        }
        if let value = pax["uid"], let parsed = Int(value) { entry.uid = parsed }
        if let value = pax["gid"], let parsed = Int(value) { entry.gid = parsed }
        if let value = pax["mtime"], let parsed = Double(value) { entry.modificationTime = parsed }
        if let value = pax["uname"] { entry.userName = value }
        if let value = pax["gname"] { entry.groupName = value }
    }

    /// The largest PAX header or GNU long name read (1 MiB).
    static let metadataLimit = 1 << 20
    /// The largest entry size accepted (1 PiB): sizes past it are damage, and sums with them
    /// (content plus padding, offsets) could overflow.
    static let sizeLimit = 1 << 50

    private func paddingFor(_ size: Int) -> Int { (512 - size % 512) % 512 }

    private func kind(_ flag: UInt8) -> TarEntry.Kind {
        switch flag {
        case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): .file
        case UInt8(ascii: "1"): .hardLink
        case UInt8(ascii: "2"): .symbolicLink
        case UInt8(ascii: "3"): .characterDevice
        case UInt8(ascii: "4"): .blockDevice
        case UInt8(ascii: "5"): .directory
        case UInt8(ascii: "6"): .fifo
        default: .other(flag)
        }
    }

    private static func isZero(_ header: UnsafeRawBufferPointer) -> Bool {
        var any: UInt64 = 0
        for index in stride(from: 0, to: 512, by: 8) { any |= header.loadUnaligned(fromByteOffset: index, as: UInt64.self) }
        return any == 0
    }

    /// A NUL-terminated field as text.
    private static func string(_ header: UnsafeRawBufferPointer, _ offset: Int, _ length: Int) -> String {
        var count = 0
        while count < length && header[offset + count] != 0 { count += 1 }
        if count == 0 { return "" }
        return String(decoding: UnsafeRawBufferPointer(rebasing: header[offset..<offset + count]), as: UTF8.self)
    }

    /// The ustar name, with the `prefix` field when the magic says ustar.
    private func ustarName(_ header: UnsafeRawBufferPointer) -> String {
        let name = Self.string(header, 0, 100)
        let isUstar =
            header[257] == UInt8(ascii: "u") && header[258] == UInt8(ascii: "s") && header[259] == UInt8(ascii: "t")
            && header[260] == UInt8(ascii: "a") && header[261] == UInt8(ascii: "r")
        guard isUstar, header[345] != 0 else { return name }
        return Self.string(header, 345, 155) + "/" + name
    }

    /// An octal field, or GNU base-256 when the high bit of the first byte is set.
    private func number(
        _ header: UnsafeRawBufferPointer, _ offset: Int, _ length: Int, offset headerOffset: Int, field: String
    ) throws -> Int {
        let first = header[offset]
        if first & 0x80 != 0 {
            var value = Int(first & 0x7F)
            for index in offset + 1..<offset + length {
                guard value < (Int.max >> 8) else { throw TarError.badField(offset: headerOffset, field: field) }
                value = value << 8 | Int(header[index])
            }
            return value
        }
        var value = 0
        var seenDigit = false
        for index in offset..<offset + length {
            let byte = header[index]
            if byte == 0 || byte == 0x20 {
                if seenDigit { break }
                continue
            }
            guard byte >= 0x30 && byte <= 0x37, value < (Int.max >> 3) else {
                throw TarError.badField(offset: headerOffset, field: field)
            }
            value = value << 3 | Int(byte - 0x30)
            seenDigit = true
        }
        return value
    }

    /// The header's checksum, counting its own field as spaces, as unsigned or signed bytes.
    /// Bytes are summed eight at a time in 16-bit lanes (512 bytes cannot overflow a lane), and
    /// the signed sum is the unsigned one less 256 for each byte with its high bit set.
    private func verifyChecksum(_ header: UnsafeRawBufferPointer, offset: Int) throws {
        let stored = try number(header, 148, 8, offset: offset, field: "checksum")
        let low: UInt64 = 0x00FF_00FF_00FF_00FF
        var lanes: UInt64 = 0
        var high = 0
        for index in stride(from: 0, to: 512, by: 8) {
            let word = header.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            lanes &+= (word & low) &+ ((word >> 8) & low)
            high &+= (word & 0x8080_8080_8080_8080).nonzeroBitCount
        }
        var unsigned = Int((lanes & 0xFFFF) + ((lanes >> 16) & 0xFFFF) + ((lanes >> 32) & 0xFFFF) + (lanes >> 48))
        for index in 148..<156 {
            unsigned += 0x20 - Int(header[index])
            high -= Int(header[index] >> 7)
        }
        let signed = unsigned - 256 * high
        guard stored == unsigned || stored == signed else {
            throw TarError.badChecksum(offset: offset, expected: stored, actual: unsigned)
        }
    }

    /// Parses `length key=value\n` records.
    private func parsePAX(_ data: [UInt8], offset: Int) throws -> [String: String] {
        var records: [String: String] = [:]
        var index = 0
        while index < data.count {
            guard let space = data[index...].firstIndex(of: 0x20),
                let length = Int(String(decoding: data[index..<space], as: UTF8.self)),
                length > space - index, length <= data.count - index, data[index + length - 1] == 0x0A
            else {
                throw TarError.badPAX(offset: offset, detail: "a record's length does not fit")
            }
            let record = data[(space + 1)..<(index + length - 1)]
            guard let equals = record.firstIndex(of: UInt8(ascii: "=")) else {
                throw TarError.badPAX(offset: offset, detail: "a record has no =")
            }
            records[String(decoding: record[..<equals], as: UTF8.self)] = String(decoding: record[(equals + 1)...], as: UTF8.self)
            index += length
        }
        return records
    }
}

/// The content of the current entry of a ``TarReader`` as a stream, to read a tar inside a tar.
public final class TarEntryStream: ByteStream {
    private let reader: TarReader

    public init(_ reader: TarReader) { self.reader = reader }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { try reader.readContent(into: buffer) }
}
