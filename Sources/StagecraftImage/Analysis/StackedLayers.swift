/// The layers applied in order to one file system: per layer what it added, changed and
/// removed, the files of the final image, and what later layers hid.
struct StackedLayers: Sendable {
    var changes: [ImageAnalysis.LayerChanges] = []
    var files: [ImageAnalysis.FileInfo] = []
    var hidden: [ImageAnalysis.HiddenFile] = []
    var unsafePaths: [String] = []
    var usage = FileUsage()

    init(_ layers: [Layer], _ interned: InternedLayers) {
        let trie = interned.trie
        var tree = FileTree(count: trie.count)
        for (index, layer) in layers.enumerated() {
            var change = ImageAnalysis.LayerChanges(
                index: index, createdBy: layer.createdBy, size: layer.size, storedSize: layer.storedSize,
                entries: layer.entries.count,
                added: 0, addedBytes: 0, changed: 0, changedBytes: 0, removed: 0, removedBytes: 0, digest: layer.blobDigest)
            /// Removes `node` and what is under it; its files are hidden by this layer.
            func delete(_ node: PathTrie.ID) {
                for file in tree.remove(node, trie) where !tree.isDirectory[Int(file)] {
                    let size = tree.sizes[Int(file)]
                    hidden.append(
                        ImageAnalysis.HiddenFile(
                            path: "/" + trie.path(file), size: size, writtenIn: Int(tree.layers[Int(file)]), hiddenIn: index,
                            deleted: true))
                    change.removed += 1
                    change.removedBytes += size
                }
            }
            let nodes = interned.nodes[index]
            // Opaque folders and whiteouts apply to lower layers before this layer's own entries.
            for (position, entry) in layer.entries.enumerated() where entry.isOpaque {
                let folder = nodes[position]
                guard tree.contains(folder) else { continue }
                var children: [PathTrie.ID] = []
                trie.forEachChild(of: folder) { if tree.contains($0) { children.append($0) } }
                for child in children { delete(child) }
            }
            for (position, entry) in layer.entries.enumerated() where entry.isWhiteout {
                let target = nodes[position]
                if target != PathTrie.root && tree.contains(target) { delete(target) }
            }
            for (position, entry) in layer.entries.enumerated() where !entry.isMarker {
                if entry.wasUnsafe { unsafePaths.append(entry.path) }
                let node = nodes[position]
                let isDirectory = entry.kind == .directory
                let existed = tree.findOrCreate(node, layer: index, trie)
                if existed {
                    if !isDirectory {
                        if !tree.isDirectory[Int(node)] {
                            hidden.append(
                                ImageAnalysis.HiddenFile(
                                    path: "/" + entry.path, size: tree.sizes[Int(node)], writtenIn: Int(tree.layers[Int(node)]),
                                    hiddenIn: index, deleted: false))
                        }
                        change.changed += 1
                        change.changedBytes += entry.size
                    }
                    if isDirectory {
                        tree.layers[Int(node)] = Int32(index)
                        continue
                    }
                } else if !isDirectory {
                    change.added += 1
                    change.addedBytes += entry.size
                }
                tree.sizes[Int(node)] = entry.size
                tree.isDirectory[Int(node)] = isDirectory
                tree.layers[Int(node)] = Int32(index)
                // A file replaces a folder and everything in it.
                if !isDirectory { tree.removeChildren(of: node, trie) }
            }
            changes.append(change)
        }
        // The final files, counted by kind on the way, then largest first (paths break ties).
        var paths: [String] = []
        var order: [(size: Int, ordinal: Int32)] = []
        var layerOf: [Int32] = []
        trie.forEachPath(where: { tree.contains($0) }) { node, path in
            guard !tree.isDirectory[Int(node)] else { return }
            let size = tree.sizes[Int(node)]
            usage.add(path, size: size)
            order.append((size, Int32(paths.count)))
            paths.append(String(decoding: path, as: UTF8.self))
            layerOf.append(tree.layers[Int(node)])
        }
        order.sort { $0.size != $1.size ? $0.size > $1.size : paths[Int($0.ordinal)] < paths[Int($1.ordinal)] }
        files = order.map {
            ImageAnalysis.FileInfo(path: paths[Int($0.ordinal)], size: $0.size, layer: Int(layerOf[Int($0.ordinal)]))
        }
        hidden.sort { ($0.size, $1.path) > ($1.size, $0.path) }
    }
}

/// The stacked file system over the nodes of a ``PathTrie``: which paths exist, with size, kind
/// and the layer that last wrote them. A path that exists always has its parent.
struct FileTree {
    private(set) var present: [Bool]
    var sizes: [Int]
    var isDirectory: [Bool]
    var layers: [Int32]

    init(count: Int) {
        present = [Bool](repeating: false, count: count)
        sizes = [Int](repeating: 0, count: count)
        isDirectory = [Bool](repeating: true, count: count)
        layers = [Int32](repeating: -1, count: count)
        present[Int(PathTrie.root)] = true
    }

    func contains(_ node: PathTrie.ID) -> Bool { present[Int(node)] }

    /// Makes `node` and its missing parents (as empty folders of `layer`); returns whether
    /// `node` was there before.
    mutating func findOrCreate(_ node: PathTrie.ID, layer: Int, _ trie: PathTrie) -> Bool {
        if present[Int(node)] { return true }
        var current = node
        while !present[Int(current)] {
            present[Int(current)] = true
            sizes[Int(current)] = 0
            isDirectory[Int(current)] = true
            layers[Int(current)] = Int32(layer)
            current = trie.parents[Int(current)]
        }
        return false
    }

    /// Removes `node` and everything under it; returns what was removed.
    mutating func remove(_ node: PathTrie.ID, _ trie: PathTrie) -> [PathTrie.ID] {
        let removed = [node] + descendants(of: node, trie)
        for gone in removed { present[Int(gone)] = false }
        return removed
    }

    /// Removes everything under `node`.
    mutating func removeChildren(of node: PathTrie.ID, _ trie: PathTrie) {
        for gone in descendants(of: node, trie) { present[Int(gone)] = false }
    }

    private func descendants(of node: PathTrie.ID, _ trie: PathTrie) -> [PathTrie.ID] {
        var found: [PathTrie.ID] = []
        trie.forEachDescendant(of: node, where: { present[Int($0)] }) { found.append($0) }
        return found
    }
}
