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

    /// Corrected waste: every byte written to a layer but not visible in the final image,
    /// counting each path once and counting what opaque folders hide.
    public var wastedBytes: Int { totalBytes - finalBytes }
    /// Corrected efficiency: visible bytes over written bytes.
    public var efficiency: Double { totalBytes == 0 ? 1 : Double(finalBytes) / Double(totalBytes) }
    /// Bytes added on top of the first layer.
    public var userBytes: Int { layers.dropFirst().reduce(0) { $0 + $1.size } }

    public init(_ image: Image) {
        let tree = FileTree()
        var changes: [LayerChanges] = []
        var hidden: [HiddenFile] = []
        var unsafe: [String] = []
        for (index, layer) in image.layers.enumerated() {
            var change = LayerChanges(
                index: index, createdBy: layer.createdBy, size: layer.size, storedSize: layer.storedSize,
                entries: layer.entries.count,
                added: 0, addedBytes: 0, changed: 0, changedBytes: 0, removed: 0, removedBytes: 0, digest: layer.blobDigest)
            func hide(_ node: FileTree.Node, path: String, deleted: Bool) {
                for (filePath, file) in [(path, node)] + FileTree.files(under: node, prefix: path) where !file.isDirectory {
                    hidden.append(
                        HiddenFile(
                            path: "/" + filePath, size: file.size, writtenIn: file.layer, hiddenIn: index, deleted: deleted))
                    if deleted {
                        change.removed += 1
                        change.removedBytes += file.size
                    }
                }
            }
            // Opaque folders and whiteouts apply to lower layers before this layer's own entries.
            for entry in layer.entries where entry.isOpaque {
                guard let folder = entry.path.isEmpty ? tree.root : tree.node(at: entry.path) else { continue }
                for (name, child) in folder.children {
                    hide(child, path: entry.path.isEmpty ? String(name) : entry.path + "/" + name, deleted: true)
                }
                folder.children = [:]
            }
            for entry in layer.entries where entry.isWhiteout {
                if let removed = tree.remove(entry.path) { hide(removed, path: entry.path, deleted: true) }
            }
            for entry in layer.entries where !entry.isMarker {
                if entry.wasUnsafe { unsafe.append(entry.path) }
                let isDirectory = entry.kind == .directory
                let (node, existed) = tree.findOrCreate(entry.path, layer: index)
                if existed {
                    if !isDirectory {
                        if !node.isDirectory {
                            hidden.append(
                                HiddenFile(
                                    path: "/" + entry.path, size: node.size, writtenIn: node.layer, hiddenIn: index,
                                    deleted: false))
                        }
                        change.changed += 1
                        change.changedBytes += entry.size
                    }
                    if isDirectory {
                        node.layer = index
                        node.entry = entry
                        continue
                    }
                } else if !isDirectory {
                    change.added += 1
                    change.addedBytes += entry.size
                }
                node.size = entry.size
                node.isDirectory = isDirectory
                node.layer = index
                node.entry = entry
                if !isDirectory { node.children = [:] }
            }
            changes.append(change)
        }
        layers = changes
        files = FileTree.files(under: tree.root, prefix: "").filter { !$0.node.isDirectory }
            .map { FileInfo(path: "/" + $0.path, size: $0.node.size, layer: $0.node.layer) }
            .sorted { ($0.size, $1.path) > ($1.size, $0.path) }
        self.hidden = hidden.sorted { $0.size > $1.size }
        dive = DiveEfficiency(layers: image.layers)
        totalBytes = image.layers.reduce(0) { $0 + $1.size }
        finalBytes = files.reduce(0) { $0 + $1.size }
        unsafePaths = unsafe
    }
}
