import Foundation
import TarArchive

extension ImageArchiveReader {
    /// How far an image's layers may decompress: the defence against compression bombs (a few
    /// megabytes of gzip or zstd that expand to terabytes).
    public struct Limits: Sendable, Equatable {
        public enum Scope: Sendable, Equatable { case layer, image }

        /// Decompressed bytes one layer may hold. `nil` chooses per layer: 250 times its stored
        /// size, at least 1 GiB and at most 64 GiB (real layers compress 2-10x; bombs 1000x).
        public var layerBytes: Int?
        /// Decompressed bytes all layers of an image may hold together.
        public var imageBytes: Int

        public static let defaultImageBytes = 256 << 30

        public init(layerBytes: Int? = nil, imageBytes: Int = Self.defaultImageBytes) {
            self.layerBytes = layerBytes
            self.imageBytes = imageBytes
        }

        /// The limit for a layer stored in `storedSize` bytes.
        func layerLimit(storedSize: Int) -> Int {
            if let layerBytes { return layerBytes }
            let (scaled, overflow) = max(0, storedSize).multipliedReportingOverflow(by: 250)
            return min(64 << 30, max(1 << 30, overflow ? Int.max : scaled))
        }
    }
}

/// The decompressed bytes of all of an image's layers, shared by layers read side by side.
final class ImageBudget: @unchecked Sendable {
    let limit: Int
    private var total = 0
    private let lock = NSLock()

    init(limit: Int) { self.limit = limit }

    /// Adds `count` bytes; fails once the image is past its limit.
    func add(_ count: Int) throws(BudgetStream.Exceeded) {
        let over = lock.withLock {
            total += count
            return total > limit
        }
        if over { throw BudgetStream.Exceeded(limit: limit, scope: .image) }
    }
}

/// Counts a layer's bytes as they are decompressed and fails past the layer's or the image's budget.
final class BudgetStream: ByteStream {
    struct Exceeded: Error {
        var limit: Int
        var scope: ImageArchiveReader.Limits.Scope
    }

    private let source: ByteStream
    private let layerLimit: Int
    private let image: ImageBudget
    private var count = 0

    init(_ source: ByteStream, layerLimit: Int, image: ImageBudget) {
        self.source = source
        self.layerLimit = layerLimit
        self.image = image
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let read = try source.read(into: buffer)
        try charge(read)
        return read
    }

    /// Skipping (over an uncompressed layer's file content) counts as reading it.
    func skip(_ skipped: Int) -> Bool {
        guard source.skip(skipped) else { return false }
        // A skip past a limit is reported by the read after it.
        count = count > Int.max - skipped ? Int.max : count + skipped
        return true
    }

    private func charge(_ read: Int) throws(Exceeded) {
        count = count > Int.max - read ? Int.max : count + read
        if count > layerLimit { throw Exceeded(limit: layerLimit, scope: .layer) }
        try image.add(read)
    }
}
