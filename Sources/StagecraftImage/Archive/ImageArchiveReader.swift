import Foundation
import ParallelJobs
import TarArchive

/// Reads an image from a `docker save` archive (legacy or OCI-style), an OCI layout tar, or an
/// OCI layout folder, in one pass over the archive: metadata is kept, layers are read as they
/// stream past (plain, gzip or zstd) and reduced to their file lists, blobs are checked against
/// their digests. Nothing is extracted to disk and no layer is held in memory.
public struct ImageArchiveReader: Sendable {
    /// The platform to pick from a multi-platform index, e.g. `linux/amd64`.
    public var platform: String
    /// Whether layer blobs are hashed and checked against their digests (and legacy layers
    /// against the config's diff IDs). Metadata documents are always checked.
    public var verifyDigests: Bool
    /// How far layers may decompress.
    public var limits: Limits
    /// The files whose contents are kept (none by default).
    public var capture: FileCapture?

    public init(
        platform: String = "linux/amd64", verifyDigests: Bool = true, limits: Limits = Limits(), capture: FileCapture? = nil
    ) {
        self.platform = platform
        self.verifyDigests = verifyDigests
        self.limits = limits
        self.capture = capture
    }

    /// What one pass over an archive collected.
    struct Collected {
        var documents: [String: [UInt8]] = [:]
        var layers: [String: Layer] = [:]
        /// Blobs that could not be read as layers. Only an error for a blob the manifest names:
        /// an archive may carry other blobs (attestations, signatures, artifacts).
        var failed: [String: ImageError] = [:]

        /// The layer at `path`, or why there is none.
        func layer(_ path: String, name: String) throws -> Layer {
            if let layer = layers[path] { return layer }
            throw failed[path] ?? ImageError.missingBlob(path: name, blob: path)
        }
    }

    /// Reads `path`: an archive file or an OCI layout folder.
    public func read(path: String) throws -> Image {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImageError.noImage(path: path, detail: "no such file or folder")
        }
        if isDirectory.boolValue { return try readLayoutFolder(path) }
        let stream: FileStream
        do { stream = try FileStream(path: path) } catch let error as TarError { throw ImageError.archive(path: path, error) }
        // A file can be read in two passes: one over the headers and documents, then the layers
        // side by side, each from its own byte range, so decompression uses every core.
        var deferred: [(path: String, offset: Int, size: Int)] = []
        // One budget for the whole image, whether a layer is read in the first pass or later.
        let budget = ImageBudget(limit: limits.imageBytes)
        var collected = try collect(stream: stream, name: path, budget: budget) { entry in
            deferred.append((entry.normalizedPath, entry.contentOffset, entry.size))
            return true
        }
        let jobs = deferred
        let verify = verifyDigests
        let descriptor = stream.descriptor
        let limits = limits
        let layers = ParallelJobs.mapOnCores(count: jobs.count) { (index: Int) -> Result<Layer, ImageError> in
            let job = jobs[index]
            let range = FileRangeStream(descriptor: descriptor, offset: job.offset, length: job.size)
            return Result { () throws(ImageError) -> Layer in
                try Self.readLayer(
                    source: job.path, stream: range, storedSize: job.size, name: path, verify: verify, limits: limits,
                    budget: budget, capture: capture)
            }
        }
        withExtendedLifetime(stream) {}
        for (job, layer) in zip(jobs, layers) {
            switch layer {
            case .success(let layer): collected.layers[job.path] = layer
            case .failure(let error): collected.failed[job.path] = error
            }
        }
        return try assemble(collected, name: path)
    }

    /// Reads an archive from a stream (a file, or `docker save`'s output), layers as they pass.
    public func read(stream: ByteStream, name: String) throws -> Image {
        try assemble(
            try collect(stream: stream, name: name, budget: ImageBudget(limit: limits.imageBytes)) { _ in false }, name: name)
    }

    /// One pass over the archive: documents are kept, small JSON blobs verified, and each layer
    /// either read on the spot or, when `defer` says so, left for later.
    private func collect(
        stream: ByteStream, name: String, budget: ImageBudget, defer deferLayer: (TarEntry) -> Bool
    ) throws -> Collected {
        let reader = TarReader(stream)
        var collected = Collected()
        do {
            while let entry = try reader.next() {
                guard entry.kind == .file else { continue }
                let path = entry.normalizedPath
                let content = PeekStream(TarEntryStream(reader))
                if Self.isNamedDocument(path) {
                    collected.documents[path] = try reader.readAll()
                    continue
                }
                if path.hasPrefix("blobs/") && entry.size < 4 << 20 {
                    let head = try content.peek(16)
                    if let first = head.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }),
                        first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
                    {
                        let bytes = try Self.drain(content)
                        try Self.verify(path, bytes: bytes, name: name)
                        collected.documents[path] = bytes
                        continue
                    }
                }
                if deferLayer(entry) { continue }
                do {
                    collected.layers[path] = try Self.readLayer(
                        source: path, stream: content, storedSize: entry.size, name: name, verify: verifyDigests,
                        limits: limits, budget: budget, capture: capture)
                } catch {
                    // A blob that is no layer is skipped; the manifest decides whether it mattered.
                    collected.failed[path] = error
                }
            }
        } catch let error as TarError {
            throw ImageError.archive(path: name, error)
        }
        return collected
    }

    static func isNamedDocument(_ path: String) -> Bool {
        path.hasSuffix(".json") || path == "repositories" || path == "oci-layout" || path.hasSuffix("/json")
            || path.hasSuffix("/VERSION")
    }

    static func drain(_ stream: ByteStream) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try stream.read(into: $0) }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    static func verify(_ path: String, bytes: [UInt8], name: String) throws {
        guard path.hasPrefix("blobs/sha256/") else { return }
        let digest = try DigestStream(MemoryStream(bytes)).finish()
        let expected = "sha256:" + path.dropFirst("blobs/sha256/".count)
        guard digest == expected else {
            throw ImageError.digestMismatch(path: name, blob: path, expected: expected, actual: digest)
        }
    }

    /// Reads one layer blob: hashes it as stored (unless `verify` is false), decompresses it, and
    /// lists its entries. Without hashing, the content of an uncompressed layer in a file is
    /// seeked over rather than read.
    static func readLayer(
        source: String, stream: ByteStream, storedSize: Int, name: String, verify: Bool = true,
        limits: Limits = Limits(), budget: ImageBudget? = nil, capture: FileCapture? = nil
    ) throws(ImageError) -> Layer {
        let budget = budget ?? ImageBudget(limit: limits.imageBytes)
        let digesting = verify ? DigestStream(stream) : nil
        let peek = PeekStream(digesting ?? stream)
        var entries: [LayerEntry] = []
        var captured: [String: [UInt8]] = [:]
        let encoding: LayerEncoding
        do {
            encoding = LayerEncoding.sniff(try peek.peek(512))
            let decoded: ByteStream
            switch encoding {
            case .gzip: decoded = try GzipStream(peek)
            case .zstd: decoded = try ZstdStream(peek)
            case .tar: decoded = peek
            }
            let counted = BudgetStream(decoded, layerLimit: limits.layerLimit(storedSize: storedSize), image: budget)
            let inner = TarReader(counted, bufferSize: 1 << 18)
            try EntryPipeline.forEachBatch(of: inner, capture: capture) { batch, contents in
                for (index, bytes) in contents { captured[LayerEntry(batch[index]).path] = bytes }
                for entry in batch {
                    let layerEntry = LayerEntry(entry)
                    if !layerEntry.isIgnorable && !layerEntry.path.isEmpty || layerEntry.isOpaque { entries.append(layerEntry) }
                }
            }
        } catch let error as TarError {
            throw ImageError.layer(path: name, layer: source, error)
        } catch let exceeded as BudgetStream.Exceeded {
            throw ImageError.tooLarge(path: name, layer: source, limit: exceeded.limit, scope: exceeded.scope)
        } catch {
            throw ImageError.layer(path: name, layer: source, .io("\(error)"))
        }
        guard let digesting else {
            return Layer(
                source: source, blobDigest: nil, encoding: encoding.rawValue, storedSize: storedSize, entries: entries,
                captured: captured)
        }
        let digest: String
        do { digest = try digesting.finish() } catch {
            throw ImageError.layer(path: name, layer: source, error as? TarError ?? .io("\(error)"))
        }
        if source.hasPrefix("blobs/sha256/") {
            let expected = "sha256:" + source.dropFirst("blobs/sha256/".count)
            guard digest == expected else {
                throw ImageError.digestMismatch(path: name, blob: source, expected: expected, actual: digest)
            }
        }
        return Layer(
            source: source, blobDigest: digest, encoding: encoding.rawValue, storedSize: storedSize, entries: entries,
            captured: captured)
    }
}
