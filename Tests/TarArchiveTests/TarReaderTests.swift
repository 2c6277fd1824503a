import Foundation
import TestSupport
import Testing

@testable import TarArchive

@Suite struct TarReaderTests {
    func entries(_ bytes: [UInt8]) throws -> [(TarEntry, [UInt8])] {
        let reader = TarReader(MemoryStream(bytes), bufferSize: 4096)
        var result: [(TarEntry, [UInt8])] = []
        while let entry = try reader.next() { result.append((entry, try reader.readAll())) }
        return result
    }

    @Test func readsUstarEntriesOfEveryKind() throws {
        var writer = TarWriter()
        writer.add("etc/", kind: .directory, mode: 0o755)
        writer.add("etc/hosts", Array("127.0.0.1 localhost\n".utf8), uid: 1000, gid: 1000)
        writer.add("etc/link", kind: .symlink, link: "hosts")
        writer.add("etc/hard", kind: .hardLink, link: "etc/hosts")
        writer.add("dev/null", kind: .characterDevice)
        writer.add("run/fifo", kind: .fifo)
        let read = try entries(writer.finish())
        #expect(read.map(\.0.path) == ["etc/", "etc/hosts", "etc/link", "etc/hard", "dev/null", "run/fifo"])
        #expect(read.map(\.0.kind) == [.directory, .file, .symbolicLink, .hardLink, .characterDevice, .fifo])
        #expect(read[1].1 == Array("127.0.0.1 localhost\n".utf8))
        #expect(read[1].0.uid == 1000 && read[1].0.mode == 0o644)
        #expect(read[2].0.linkTarget == "hosts" && read[3].0.linkTarget == "etc/hosts")
    }

    @Test func appliesGNULongNamesAndPAXRecords() throws {
        let long = String(repeating: "deep/", count: 40) + "file.txt"
        var writer = TarWriter()
        writer.add(long, Array("x".utf8), longName: true)
        writer.add("short", Array("abc".utf8), pax: ["path": "pax/named/ü.txt", "uid": "123456789", "mtime": "1700000000.5"])
        writer.add("big", [UInt8](repeating: 7, count: 600), base256Size: true)
        let read = try entries(writer.finish())
        #expect(read[0].0.path == long)
        #expect(
            read[1].0.path == "pax/named/ü.txt" && read[1].0.uid == 123_456_789 && read[1].0.modificationTime == 1_700_000_000.5)
        #expect(read[1].1 == Array("abc".utf8))
        #expect(read[2].0.size == 600 && read[2].1.count == 600)
    }

    @Test func reportsUnsafePathsWithoutFollowingThem() throws {
        var writer = TarWriter()
        writer.add("../../etc/passwd", Array("x".utf8))
        writer.add("/abs/file", Array("y".utf8))
        let read = try entries(writer.finish())
        let unsafe = read.map { $0.0.isUnsafePath }
        #expect(unsafe == [true, true])
        #expect(read.map(\.0.normalizedPath) == ["etc/passwd", "abs/file"])
    }

    @Test func rejectsTruncatedAndCorruptArchives() throws {
        var writer = TarWriter()
        writer.add("file", [UInt8](repeating: 1, count: 2000))
        let whole = writer.finish()
        #expect(throws: TarError.self) { try entries(Array(whole.prefix(700))) }  // content cut short
        #expect(throws: TarError.self) { try entries(Array(whole.prefix(300))) }  // header cut short
        #expect(throws: TarError.self) { try entries([]) }
        var corrupt = whole
        corrupt[10] ^= 0xFF
        let error = try #require(throws: TarError.self) { try entries(corrupt) }
        guard case .badChecksum(let offset, _, _) = error else {
            Issue.record("expected a checksum error, got \(error)")
            return
        }
        #expect(offset == 0)
    }

    @Test func skipsContentItDoesNotRead() throws {
        var writer = TarWriter()
        writer.add("a", [UInt8](repeating: 1, count: 10_000))
        writer.add("b", Array("second".utf8))
        let reader = TarReader(MemoryStream(writer.finish()), bufferSize: 4096)
        #expect(try reader.next()?.path == "a")
        #expect(try reader.next()?.path == "b")
        #expect(try reader.readAll() == Array("second".utf8))
        #expect(try reader.next() == nil)
    }

    @Test(arguments: [
        ("a/b", "a/b", false), ("./a/b", "a/b", false), ("a//b/", "a/b", false), ("/etc/passwd", "etc/passwd", true),
        ("a/../../b", "b", true), ("..", "", true), ("a/..b/c", "a/..b/c", false), ("a/.b", "a/.b", false),
        ("a/./b", "a/b", false),
        ("...", "...", false), ("a/..", "", true), ("", "", false),
    ])
    func normalizesPathsAndFlagsEscapes(path: String, normalized: String, unsafe: Bool) {
        #expect(TarPath.normalize(path) == normalized)
        #expect(TarPath.isUnsafe(path) == unsafe)
    }

    @Test func readsByteRangesAndSkipsWithinThem() throws {
        var writer = TarWriter()
        writer.add("skipped", [UInt8](repeating: 7, count: 300_000))
        writer.add("kept", Array("tail".utf8))
        let bytes = writer.finish()
        let folder = try Paths.temporaryDirectory("range")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("x.tar")
        try Data([0, 1, 2] + bytes).write(to: url)
        let file = try FileStream(path: url.path)
        let reader = TarReader(FileRangeStream(descriptor: file.descriptor, offset: 3, length: bytes.count))
        #expect(try reader.next()?.path == "skipped")
        #expect(try reader.next()?.path == "kept")
        #expect(try reader.readAll() == Array("tail".utf8))
        // A range cut short inside an entry is a truncated archive, not a silent end.
        let cut = TarReader(FileRangeStream(descriptor: file.descriptor, offset: 3, length: 2048))
        #expect(throws: TarError.self) {
            while try cut.next() != nil {}
        }
    }

    /// Hands out a few bytes per read, so headers and PAX records arrive in pieces.
    final class TrickleStream: ByteStream {
        private let bytes: [UInt8]
        private var offset = 0
        private let step: Int

        init(_ bytes: [UInt8], step: Int) {
            self.bytes = bytes
            self.step = step
        }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let count = min(step, buffer.count, bytes.count - offset)
            guard count > 0 else { return 0 }
            for index in 0..<count { buffer[index] = bytes[offset + index] }
            offset += count
            return count
        }
    }

    @Test(arguments: [1, 7, 511, 513, 4099])
    func readsHeadersSplitAcrossReads(step: Int) throws {
        var writer = TarWriter()
        writer.add(String(repeating: "long/", count: 30) + "name", Array("x".utf8), longName: true)
        writer.add("pax", Array("abc".utf8), pax: ["path": "pax/ü.txt", "uid": "42"])
        writer.add("dir/", kind: .directory)
        writer.add("dir/file", [UInt8](repeating: 3, count: 1500))
        let bytes = writer.finish()
        let whole = try entries(bytes)
        let reader = TarReader(TrickleStream(bytes, step: step), bufferSize: 4096)
        var pieces: [(TarEntry, [UInt8])] = []
        while let entry = try reader.next() { pieces.append((entry, try reader.readAll())) }
        #expect(pieces.map(\.0) == whole.map(\.0))
        #expect(pieces.map(\.1) == whole.map(\.1))
        #expect(pieces.map(\.0.path) == [String(repeating: "long/", count: 30) + "name", "pax/ü.txt", "dir/", "dir/file"])
        #expect(pieces[1].0.uid == 42)
    }

    @Test func refusesMetadataEntriesTooLargeToHold() throws {
        // A GNU long-name header claiming 4 GiB: an error before anything is allocated.
        var writer = TarWriter()
        writer.add("huge", sizeOverride: 1 << 32)
        var bytes = writer.finish()
        bytes[156] = UInt8(ascii: "L")
        var sum = 0
        for (index, byte) in bytes[0..<512].enumerated() { sum += (148..<156).contains(index) ? 0x20 : Int(byte) }
        let checksum = Array(String(sum, radix: 8).utf8)
        for index in 0..<6 {
            bytes[148 + index] = index < 6 - checksum.count ? UInt8(ascii: "0") : checksum[index - (6 - checksum.count)]
        }
        let error = try #require(throws: TarError.self) { try entries(bytes) }
        #expect("\(error)".contains("long name or PAX records"))
    }

    /// Sizes and lengths near Int.max are damage reported as errors, never an overflow trap.
    @Test func refusesSizesAndRecordLengthsBeyondAnyArchive() throws {
        var huge = TarWriter()
        huge.add("file", Array("abc".utf8), pax: ["size": String(Int.max)])
        let sizeError = try #require(throws: TarError.self) { try entries(huge.finish()) }
        #expect("\(sizeError)".contains("not a size any archive holds"))

        var nearMax = TarWriter()
        nearMax.add("file", Array("abc".utf8), pax: ["size": String(Int.max - 100)])
        #expect(throws: TarError.self) { try entries(nearMax.finish()) }

        var record = TarWriter()
        record.addRawPAX(Array("\(Int.max) path=x\n".utf8))
        record.add("file", Array("abc".utf8))
        let recordError = try #require(throws: TarError.self) { try entries(record.finish()) }
        #expect("\(recordError)".contains("length does not fit"))

        var short = TarWriter()
        short.addRawPAX(Array("3 path=x\n".utf8))
        short.add("file", Array("abc".utf8))
        #expect(throws: TarError.self) { try entries(short.finish()) }
    }
}
