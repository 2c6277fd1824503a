import ParallelJobs

/// What an image is made of: per-layer changes, the final file system, what is wasted, and why.
public struct ImageAnalysis: Sendable {
    /// Changes one layer makes to the file system below it.
    public struct LayerChanges: Sendable, Equatable {
        public var index: Int
        public var createdBy: String
        public var size: Int
        public var storedSize: Int
        public var entries: Int
        public var added: Int
        public var addedBytes: Int
        public var changed: Int
        public var changedBytes: Int
        public var removed: Int
        public var removedBytes: Int
        public var digest: String?
    }

    /// A file of the final image.
    public struct FileInfo: Sendable, Equatable {
        public var path: String
        public var size: Int
        public var layer: Int
    }

    /// Bytes written in one layer and hidden by a later one (overwritten or deleted).
    public struct HiddenFile: Sendable, Equatable {
        public var path: String
        public var size: Int
        public var writtenIn: Int
        public var hiddenIn: Int
        public var deleted: Bool
    }

    public var layers: [LayerChanges]
    /// Every file of the final image, largest first.
    public var files: [FileInfo]
    public var hidden: [HiddenFile]
    /// dive's numbers, for comparison.
    public var dive: DiveEfficiency
    /// Bytes in all layers.
    public var totalBytes: Int
    /// Bytes visible in the final image.
    public var finalBytes: Int
    /// Entries whose paths were absolute or climbed out with `..`.
    public var unsafePaths: [String]
    /// The final files counted by kind (caches, build tools, docs), for the findings.
    var usage: FileUsage

    /// Corrected waste: every byte written to a layer but not visible in the final image,
    /// counting each path once and counting what opaque folders hide.
    public var wastedBytes: Int { totalBytes - finalBytes }
    /// Corrected efficiency: visible bytes over written bytes.
    public var efficiency: Double { totalBytes == 0 ? 1 : Double(finalBytes) / Double(totalBytes) }
    /// Bytes added on top of the first layer.
    public var userBytes: Int { layers.dropFirst().reduce(0) { $0 + $1.size } }

    public init(_ image: Image) {
        let interned = InternedLayers(image.layers)
        // The stacked file system and dive's numbers are independent: one on each core.
        let layers = image.layers
        let (stacked, dive) = ParallelJobs.both(
            { StackedLayers(layers, interned) }, { DiveEfficiency(layers: layers, interned: interned) })
        self.layers = stacked.changes
        files = stacked.files
        hidden = stacked.hidden
        unsafePaths = stacked.unsafePaths
        usage = stacked.usage
        self.dive = dive
        // dive's image size is the same sum: every layer's entries.
        totalBytes = dive.sizeBytes
        finalBytes = files.reduce(0) { $0 + $1.size }
    }
}
