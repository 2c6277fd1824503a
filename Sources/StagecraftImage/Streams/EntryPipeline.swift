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
        let pipe = Pipe(reader)
        let thread = Thread { pipe.produce() }
        thread.stackSize = 1 << 20
        thread.start()
        defer { pipe.cancelAndWait() }
        while let batch = try pipe.next() { try body(batch) }
    }

    private final class Pipe: @unchecked Sendable {
        let reader: TarReader
        let condition = NSCondition()
        var batches: [[TarEntry]] = []
        var finished = false
        var cancelled = false
        var failure: Error?

        init(_ reader: TarReader) { self.reader = reader }

        /// The reading thread.
        func produce() {
            var batch: [TarEntry] = []
            batch.reserveCapacity(EntryPipeline.batchSize)
            do {
                while let entry = try reader.next() {
                    batch.append(entry)
                    if batch.count == EntryPipeline.batchSize {
                        guard hand(batch) else { break }
                        batch = []
                        batch.reserveCapacity(EntryPipeline.batchSize)
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
        private func hand(_ batch: [TarEntry]) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while batches.count >= EntryPipeline.depth && !cancelled { condition.wait() }
            guard !cancelled else { return false }
            if !batch.isEmpty { batches.append(batch) }
            condition.broadcast()
            return true
        }

        /// The next batch; nil at the end; the reading error once the batches before it are taken.
        func next() throws -> [TarEntry]? {
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
