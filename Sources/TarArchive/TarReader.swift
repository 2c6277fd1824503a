/// Reads a tar archive as a stream, one entry at a time, never holding an entry's content in
/// memory: ustar, GNU long names and links (`L`, `K`), PAX local and global headers (`x`, `g`:
/// path, linkpath, size, uid, gid, mtime, uname, gname), base-256 numbers, checksums.
/// See https://www.gnu.org/software/tar/manual/html_node/Standard.html
public final class TarReader {
    private let stream: ByteStream
    private var buffer: [UInt8]
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
        buffer = [UInt8](repeating: 0, count: max(bufferSize, 4096))
    }

    /// The archive offset of the next unread byte.
    public var offset: Int { consumed }

    private func fill() throws -> Bool {
        if start < end { return true }
        if ended { return false }
        start = 0
        end = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
        if end == 0 { ended = true }
        return end > 0
    }

    /// Copies exactly `count` bytes into `destination`, or fails at the end of the stream.
    private func readExactly(_ count: Int, into destination: inout [UInt8], what: String) throws {
        destination.removeAll(keepingCapacity: true)
        while destination.count < count {
            guard try fill() else { throw TarError.truncated(offset: consumed, detail: "\(what) ends early") }
            let take = min(count - destination.count, end - start)
            destination.append(contentsOf: buffer[start..<start + take])
            start += take
            consumed += take
        }
    }

    /// Discards `count` bytes.
    private func discard(_ count: Int, what: String) throws {
        var left = count
        while left > 0 {
            if start == end, left > buffer.count, stream.skip(left) {
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
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<start + take])) }
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
        buffer.withUnsafeBytes { source in
            guard let base = source.baseAddress else { return }
            destination.baseAddress?.copyMemory(from: base + start, byteCount: take)
        }
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
        var header: [UInt8] = []
        while true {
            let headerOffset = consumed
            guard try fill() else {
                if headerOffset == 0 { throw TarError.truncated(offset: 0, detail: "the archive is empty") }
                throw TarError.truncated(offset: headerOffset, detail: "missing end-of-archive marker")
            }
            try readExactly(512, into: &header, what: "header")
            if header.allSatisfy({ $0 == 0 }) {
                // End of archive: a second zero block normally follows; tolerate its absence.
                return nil
            }
            try verifyChecksum(header, offset: headerOffset)
            let typeflag = header[156]
            let size = try number(header, 124, 12, offset: headerOffset, field: "size")
            switch typeflag {
            case UInt8(ascii: "x"), UInt8(ascii: "g"):
                var data: [UInt8] = []
                try readExactly(size, into: &data, what: "PAX header")
                try discard(paddingFor(size), what: "PAX header padding")
                let records = try parsePAX(data, offset: headerOffset)
                if typeflag == UInt8(ascii: "g") { globalPAX.merge(records) { $1 } } else { localPAX.merge(records) { $1 } }
                continue
            case UInt8(ascii: "L"), UInt8(ascii: "K"):
                var data: [UInt8] = []
                try readExactly(size, into: &data, what: "GNU long name")
                try discard(paddingFor(size), what: "GNU long name padding")
                let text = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
                if typeflag == UInt8(ascii: "L") { longName = text } else { longLink = text }
                continue
            default:
                break
            }
            let pax = globalPAX.merging(localPAX) { $1 }
            var entry = TarEntry(
                path: longName ?? pax["path"] ?? ustarName(header),
                linkTarget: longLink ?? pax["linkpath"] ?? string(header, 157, 100),
                kind: kind(typeflag), size: size, mode: try number(header, 100, 8, offset: headerOffset, field: "mode"),
                uid: try number(header, 108, 8, offset: headerOffset, field: "uid"),
                gid: try number(header, 116, 8, offset: headerOffset, field: "gid"),
                modificationTime: Double(try number(header, 136, 12, offset: headerOffset, field: "mtime")),
                userName: string(header, 265, 32), groupName: string(header, 297, 32), headerOffset: headerOffset,
                contentOffset: consumed)
            if let value = pax["size"] {
                guard let parsed = Int(value), parsed >= 0 else {
                    throw TarError.badPAX(offset: headerOffset, detail: "size \(value)")
                }
                entry.size = parsed
            }
            if let value = pax["uid"], let parsed = Int(value) { entry.uid = parsed }
            if let value = pax["gid"], let parsed = Int(value) { entry.gid = parsed }
            if let value = pax["mtime"], let parsed = Double(value) { entry.modificationTime = parsed }
            if let value = pax["uname"] { entry.userName = value }
            if let value = pax["gname"] { entry.groupName = value }
            // Links, devices and folders carry no content whatever their size field says.
            switch entry.kind {
            case .file, .other: remaining = entry.size
            default: remaining = 0
            }
            padding = paddingFor(remaining)
            return entry
        }
    }

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

    private func string(_ header: [UInt8], _ offset: Int, _ length: Int) -> String {
        String(decoding: header[offset..<offset + length].prefix { $0 != 0 }, as: UTF8.self)
    }

    /// The ustar name, with the `prefix` field when the magic says ustar.
    private func ustarName(_ header: [UInt8]) -> String {
        let name = string(header, 0, 100)
        let magic = header[257..<262]
        guard magic.elementsEqual(Array("ustar".utf8)) else { return name }
        let prefix = string(header, 345, 155)
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    /// An octal field, or GNU base-256 when the high bit of the first byte is set.
    private func number(_ header: [UInt8], _ offset: Int, _ length: Int, offset headerOffset: Int, field: String) throws -> Int {
        let bytes = header[offset..<offset + length]
        if let first = bytes.first, first & 0x80 != 0 {
            var value = Int(first & 0x7F)
            for byte in bytes.dropFirst() {
                guard value < (Int.max >> 8) else { throw TarError.badField(offset: headerOffset, field: field) }
                value = value << 8 | Int(byte)
            }
            return value
        }
        var value = 0
        var seenDigit = false
        for byte in bytes {
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

    private func verifyChecksum(_ header: [UInt8], offset: Int) throws {
        let stored = try number(header, 148, 8, offset: offset, field: "checksum")
        var unsigned = 0
        var signed = 0
        for (index, byte) in header.enumerated() {
            let value = (148..<156).contains(index) ? 0x20 : byte
            unsigned += Int(value)
            signed += Int(Int8(bitPattern: value))
        }
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
                length > 0, index + length <= data.count, data[index + length - 1] == 0x0A
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
