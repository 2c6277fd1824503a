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
                let target = interned.whiteoutTargets[node]
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
        userSizeBytes = layers.dropFirst().reduce(0) { $0 + $1.size }
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

/// One of dive's trees over the nodes of a ``PathTrie``: which nodes it has and their payload.
/// A node it has always has its parent, so a node's subtree is its trie children it has.
struct DiveTree {
    private(set) var present: [Bool]
    private(set) var sizes: [Int]
    private(set) var isDirectory: [Bool]
    /// How many children it has of each node.
    private var childCounts: [Int32]
    /// The nodes it has, in the order they were made (used to clear it cheaply).
    private(set) var members: [PathTrie.ID] = []

    init(count: Int) {
        present = [Bool](repeating: false, count: count)
        sizes = [Int](repeating: 0, count: count)
        isDirectory = present
        childCounts = [Int32](repeating: 0, count: count)
        present[Int(PathTrie.root)] = true
    }

    func contains(_ node: PathTrie.ID) -> Bool { present[Int(node)] }

    func hasChildren(_ node: PathTrie.ID) -> Bool { childCounts[Int(node)] > 0 }

    /// Empties the tree (but the root).
    mutating func clear() {
        for node in members {
            present[Int(node)] = false
            childCounts[Int(node)] = 0
        }
        childCounts[Int(PathTrie.root)] = 0
        members.removeAll(keepingCapacity: true)
    }

    /// Makes `node` and its missing parents, without payload (size 0, not a folder).
    mutating func insert(_ node: PathTrie.ID, _ trie: PathTrie) {
        var current = node
        while !present[Int(current)] {
            present[Int(current)] = true
            sizes[Int(current)] = 0
            isDirectory[Int(current)] = false
            members.append(current)
            let parent = trie.parents[Int(current)]
            childCounts[Int(parent)] += 1
            current = parent
        }
    }

    /// dive's add: missing parents are made without payload, and the node takes the payload
    /// whether it was there or not.
    mutating func add(_ node: PathTrie.ID, size: Int, isDirectory folder: Bool, _ trie: PathTrie) {
        insert(node, trie)
        sizes[Int(node)] = size
        isDirectory[Int(node)] = folder
    }

    /// dive's remove: the node and everything under it.
    mutating func remove(_ node: PathTrie.ID, _ trie: PathTrie) {
        guard node != PathTrie.root, present[Int(node)] else { return }
        var removed: [PathTrie.ID] = [node]
        trie.forEachDescendant(of: node, where: { present[Int($0)] }) { removed.append($0) }
        for gone in removed {
            present[Int(gone)] = false
            childCounts[Int(gone)] = 0
        }
        childCounts[Int(trie.parents[Int(node)])] -= 1
    }

    /// The sizes of a node and everything under it.
    func subtreeSize(_ node: PathTrie.ID, _ trie: PathTrie) -> Int {
        var total = sizes[Int(node)]
        trie.forEachDescendant(of: node, where: { present[Int($0)] }) { total += sizes[Int($0)] }
        return total
    }

    /// Every node, children before parents and siblings by name, as dive visits them.
    func sortedWalk(_ trie: PathTrie) -> [PathTrie.ID] {
        var children: [PathTrie.ID: [PathTrie.ID]] = [:]
        for node in members { children[trie.parents[Int(node)], default: []].append(node) }
        var result: [PathTrie.ID] = []
        result.reserveCapacity(members.count)
        // Each frame is a node's sorted children and how many of them have been visited.
        var frames: [(children: [PathTrie.ID], next: Int)] = [
            ((children[PathTrie.root] ?? []).sorted(by: trie.nameLess), 0)
        ]
        while !frames.isEmpty {
            let top = frames.count - 1
            if frames[top].next < frames[top].children.count {
                let node = frames[top].children[frames[top].next]
                frames.append(((children[node] ?? []).sorted(by: trie.nameLess), 0))
                continue
            }
            frames.removeLast()
            guard let parent = frames.indices.last else { break }
            result.append(frames[parent].children[frames[parent].next])
            frames[parent].next += 1
        }
        return result
    }
}
