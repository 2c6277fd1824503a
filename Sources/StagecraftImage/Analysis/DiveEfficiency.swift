/// dive's numbers, computed exactly as dive 0.13 computes them so they can be compared:
/// efficiency over leaf nodes of each layer, wasted bytes summing every copy, and opaque
/// whiteouts ignored. See wagoodman/dive `dive/filetree/efficiency.go` and `dive/image/analysis.go`.
///
/// dive's file tree has quirks that decide its numbers, kept here: a path's last node takes the
/// payload even when it exists (so a folder named only as a parent in an upper layer loses its
/// folder-ness), parents made on the way carry no payload, stacking visits every node of the
/// upper tree, and a whiteout of a path no lower layer has ends the walk of its layer.
public struct DiveEfficiency: Sendable, Equatable {
    public struct InefficientPath: Sendable, Equatable {
        public var path: String
        public var count: Int
        public var cumulativeSize: Int
    }

    public var efficiency: Double
    public var sizeBytes: Int
    /// Each layer's size as dive reports it: the sum of its entries' sizes.
    public var layerSizes: [Int]
    public var userSizeBytes: Int
    public var wastedBytes: Int
    /// wasted / user bytes; dive divides by zero for single-layer images (infinite or NaN).
    public var wastedUserPercent: Double
    /// Paths seen in two or more layers, largest first.
    public var inefficientPaths: [InefficientPath]

    public init(layers: [Layer]) { self.init(layers: layers, interned: InternedLayers(layers)) }

    init(layers: [Layer], interned: InternedLayers) {
        let trie = interned.trie
        var layerTree = DiveTree(count: trie.count)
        var stacked = DiveTree(count: trie.count)
        var records = Records(count: trie.count)
        for (index, layer) in layers.enumerated() {
            layerTree.clear()
            var hasWhiteouts = false
            for (position, entry) in layer.entries.enumerated() {
                let node = interned.diveNodes[index][position]
                if entry.isWhiteout { hasWhiteouts = true }
                if entry.isOpaque {
                    // dive adds `folder/.wh..wh..opq`: the folder appears as a made-up parent,
                    // the marker itself is never made.
                    if node != PathTrie.root { layerTree.insert(node, trie) }
                } else {
                    layerTree.add(node, size: entry.size, isDirectory: entry.kind == .directory, trie)
                }
            }
            // Order matters only when a whiteout can stop the walk or meet its own target among
            // siblings; without whiteouts any order gives the same sums.
            let walk = hasWhiteouts ? layerTree.sortedWalk(trie) : layerTree.members
            for node in walk where !layerTree.hasChildren(node) {
                // dive looks whiteouts up in the layers below; for the first layer, in the layer itself.
                let below = index == 0 ? layerTree : stacked
                // A leaf named like a whiteout is one: only whiteout entries make such leaves, and
                // the path each hides was interned with it.
                let target = trie.nameHasPrefix(node, ".wh.") ? Self.whiteoutTarget(node, trie) : nil
                let key = target ?? node
                // dive makes the path's record first, with a minimum of -1 that a failed
                // whiteout lookup leaves in place (and then adds to the total).
                records.open(key)
                let size: Int
                if target != nil {
                    // A whiteout of a path no lower layer has makes dive's visitor fail, which
                    // silently ends the walk of this layer: the leaves after it are not counted.
                    guard below.contains(key) else { break }
                    size = below.isDirectory[Int(key)] ? below.subtreeSize(key, trie) : 0
                } else {
                    size = layerTree.sizes[Int(node)]
                }
                records.add(key, size: size)
            }
            // Stacking: whiteouts (and any node named like one, in a layer that has them) remove
            // their targets; every other node of the layer takes its place and payload.
            for node in walk {
                if hasWhiteouts && trie.nameHasPrefix(node, ".wh.") {
                    if let target = Self.whiteoutTarget(node, trie) { stacked.remove(target, trie) }
                } else {
                    stacked.add(node, size: layerTree.sizes[Int(node)], isDirectory: layerTree.isDirectory[Int(node)], trie)
                }
            }
        }
        var minimumTotal = 0
        var cumulativeTotal = 0
        var inefficient: [InefficientPath] = []
        for node in records.order {
            let index = Int(node)
            minimumTotal += records.minimum[index]
            cumulativeTotal += records.cumulative[index]
            if records.count[index] >= 2 {
                inefficient.append(
                    InefficientPath(
                        path: "/" + trie.path(node), count: records.count[index], cumulativeSize: records.cumulative[index]))
            }
        }
        efficiency = cumulativeTotal == 0 ? 1.0 : Double(minimumTotal) / Double(cumulativeTotal)
        layerSizes = layers.map(\.size)
        sizeBytes = layerSizes.reduce(0, +)
        userSizeBytes = sizeBytes - (layerSizes.first ?? 0)
        wastedBytes = inefficient.reduce(0) { $0 + $1.cumulativeSize }
        wastedUserPercent = Double(wastedBytes) / Double(userSizeBytes)
        inefficientPaths = inefficient.sorted { ($0.cumulativeSize, $1.path) > ($1.cumulativeSize, $0.path) }
    }

    /// `dir/.wh.name` → `dir/name`, when some layer has that path (else nothing can be removed).
    static func whiteoutTarget(_ node: PathTrie.ID, _ trie: PathTrie) -> PathTrie.ID? {
        trie.withName(node) { name in
            trie.existingChild(of: trie.parents[Int(node)], named: UnsafeRawBufferPointer(rebasing: name.dropFirst(4)))
        }
    }

    /// Per path: copies, their sizes summed, and the smallest (-1 until one is counted).
    private struct Records {
        var count: [Int]
        var cumulative: [Int]
        var minimum: [Int]
        var opened: [Bool]
        var order: [PathTrie.ID] = []

        init(count nodes: Int) {
            count = [Int](repeating: 0, count: nodes)
            cumulative = count
            minimum = [Int](repeating: -1, count: nodes)
            opened = [Bool](repeating: false, count: nodes)
        }

        mutating func open(_ node: PathTrie.ID) {
            if !opened[Int(node)] {
                opened[Int(node)] = true
                order.append(node)
            }
        }

        mutating func add(_ node: PathTrie.ID, size: Int) {
            let index = Int(node)
            cumulative[index] += size
            if minimum[index] < 0 || size < minimum[index] { minimum[index] = size }
            count[index] += 1
        }
    }
}
