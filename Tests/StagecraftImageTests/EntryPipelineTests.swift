import TestSupport
import Testing

@testable import StagecraftImage
@testable import TarArchive

@Suite struct EntryPipelineTests {
    func archive(entries: Int) -> [UInt8] {
        var writer = TarWriter()
        for index in 0..<entries { writer.add("pkg\(index % 7)/file\(index).txt", Array("\(index)".utf8)) }
        return writer.finish()
    }

    @Test func handsOverEveryEntryInOrderPastTheReadAheadLimit() throws {
        // More batches than the pipeline holds, so the reading thread has to wait for room.
        let count = EntryPipeline.batchSize * (EntryPipeline.depth + 3) + 17
        let reader = TarReader(MemoryStream(archive(entries: count)), bufferSize: 4096)
        var paths: [String] = []
        var slowest = 0
        try EntryPipeline.forEachBatch(of: reader) { batch in
            slowest = max(slowest, batch.count)
            paths += batch.map(\.path)
        }
        #expect(paths == (0..<count).map { "pkg\($0 % 7)/file\($0).txt" })
        #expect(slowest <= EntryPipeline.batchSize)
        // The reader is the caller's again, at the end of the archive.
        #expect(try reader.next() == nil)
    }

    @Test func aDamagedArchiveFailsAfterTheEntriesBeforeTheDamage() throws {
        let bytes = archive(entries: 3000)
        let reader = TarReader(MemoryStream(Array(bytes.prefix(bytes.count / 2 + 100))), bufferSize: 4096)
        var seen = 0
        #expect(throws: TarError.self) {
            try EntryPipeline.forEachBatch(of: reader) { seen += $0.count }
        }
        #expect(seen > 1000 && seen < 3000)
    }

    @Test func stopsTheReadingThreadWhenTheCallerFails() throws {
        struct Stop: Error {}
        let reader = TarReader(MemoryStream(archive(entries: 20_000)), bufferSize: 4096)
        #expect(throws: Stop.self) {
            try EntryPipeline.forEachBatch(of: reader) { _ in throw Stop() }
        }
        // Returned, so the thread has stopped; the reader can still be used from here.
        #expect(try reader.next() != nil)
    }
}
