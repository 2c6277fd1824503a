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
