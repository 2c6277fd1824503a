import Foundation
import TarArchive

/// Reads a tar archive's entries on a thread of its own and hands them over in batches, so
/// reading and parsing headers (and the copying, hashing or decompressing under them) runs
/// beside what the caller does with each entry instead of taking turns with it.
enum EntryPipeline {
    static let batchSize = 512
    /// Batches read ahead at most; this bounds the memory of a reader faster than its caller.
    static let depth = 8

    /// Calls `body` with every entry of `reader`, in order, in batches. Returns once the reading
    /// thread has stopped, so the reader and its stream are the caller's again; rethrows the
    /// first error of either side.
    static func forEachBatch(of reader: TarReader, _ body: ([TarEntry]) throws -> Void) throws {
        try forEachBatch(of: reader, capture: nil) { entries, _ in try body(entries) }
    }

    /// As ``forEachBatch(of:_:)``, also handing over the contents of the regular files `capture`
    /// wants (by index in the batch), read on the reading thread as the entries pass.
    static func forEachBatch(
        of reader: TarReader, capture: FileCapture?, _ body: ([TarEntry], [Int: [UInt8]]) throws -> Void
    ) throws {
        let pipe = Pipe(reader, capture: capture)
        let thread = Thread { pipe.produce() }
        thread.stackSize = 1 << 20
        thread.start()
        defer { pipe.cancelAndWait() }
        while let batch = try pipe.next() { try body(batch.entries, batch.contents) }
    }

    struct Batch {
        var entries: [TarEntry] = []
        var contents: [Int: [UInt8]] = [:]
    }

    private final class Pipe: @unchecked Sendable {
        let reader: TarReader
        let capture: FileCapture?
        let condition = NSCondition()
        var batches: [Batch] = []
        var finished = false
        var cancelled = false
        var failure: Error?

        init(_ reader: TarReader, capture: FileCapture?) {
            self.reader = reader
            self.capture = capture
        }

        /// The reading thread.
        func produce() {
            var batch = Batch()
            batch.entries.reserveCapacity(EntryPipeline.batchSize)
            do {
                while let entry = try reader.next() {
                    if let capture, entry.kind == .file, entry.size <= capture.maximumFileSize,
                        case let path = entry.normalizedPath, capture.wants(path)
                    {
                        let bytes = try reader.readAll(limit: capture.maximumFileSize)
                        batch.contents[batch.entries.count] = capture.keeping == nil ? bytes : capture.kept(path, bytes)
                    }
                    batch.entries.append(entry)
                    if batch.entries.count == EntryPipeline.batchSize {
                        guard hand(batch) else { break }
                        batch = Batch()
                        batch.entries.reserveCapacity(EntryPipeline.batchSize)
                    }
                }
                _ = hand(batch)
            } catch {
                condition.lock()
                failure = error
                condition.unlock()
            }
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }

        /// Queues a batch, waiting for room; false once the caller has stopped.
        private func hand(_ batch: Batch) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while batches.count >= EntryPipeline.depth && !cancelled { condition.wait() }
            guard !cancelled else { return false }
            if !batch.entries.isEmpty { batches.append(batch) }
            condition.broadcast()
            return true
        }

        /// The next batch; nil at the end; the reading error once the batches before it are taken.
        func next() throws -> Batch? {
            condition.lock()
            defer { condition.unlock() }
            while batches.isEmpty && !finished { condition.wait() }
            if !batches.isEmpty {
                let batch = batches.removeFirst()
                condition.broadcast()
                return batch
            }
            if let failure { throw failure }
            return nil
        }

        func cancelAndWait() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            while !finished { condition.wait() }
            condition.unlock()
        }
    }
}
