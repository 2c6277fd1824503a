/// Two images side by side: their sizes, layers, and the files of the final file system that one
/// has and the other lacks, or that changed size (dive's users ask for this image diff).
public struct ImageComparison: Sendable {
    public struct FileChange: Sendable, Equatable {
        public var path: String
        /// nil when the file is not in that image.
        public var before: Int?
        public var after: Int?
        public var delta: Int { (after ?? 0) - (before ?? 0) }
    }

    public var before: ImageAnalysis
    public var after: ImageAnalysis
    /// Files only in the second image, largest first.
    public var added: [FileChange]
    /// Files only in the first image, largest first.
    public var removed: [FileChange]
    /// Files in both whose size changed, the largest change first.
    public var resized: [FileChange]

    public init(before: ImageAnalysis, after: ImageAnalysis) {
        self.before = before
        self.after = after
        let old = Dictionary(before.files.map { ($0.path, $0.size) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(after.files.map { ($0.path, $0.size) }, uniquingKeysWith: { first, _ in first })
        added = new.filter { old[$0.key] == nil }.map { FileChange(path: $0.key, before: nil, after: $0.value) }
            .sorted { ($1.delta, $0.path) < ($0.delta, $1.path) }
        removed = old.filter { new[$0.key] == nil }.map { FileChange(path: $0.key, before: $0.value, after: nil) }
            .sorted { ($0.delta, $0.path) < ($1.delta, $1.path) }
        resized = new.compactMap { path, size in
            old[path].flatMap { $0 == size ? nil : FileChange(path: path, before: $0, after: size) }
        }.sorted { (abs($1.delta), $0.path) < (abs($0.delta), $1.path) }
    }

    /// The images' sizes before and after: every layer's bytes, as the engine reports an image.
    public var beforeBytes: Int { before.totalBytes }
    public var afterBytes: Int { after.totalBytes }
    /// How much smaller the second image is, as a share of the first (negative: it grew).
    public var reduction: Double { beforeBytes == 0 ? 0 : Double(beforeBytes - afterBytes) / Double(beforeBytes) }
}
