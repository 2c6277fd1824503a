/// The paths of an image's layers interned once in a ``PathTrie``, for the analyses to share.
struct InternedLayers: Sendable {
    var trie = PathTrie()
    /// Per layer, per entry: the node of the entry's path (for a whiteout, the path it hides;
    /// for an opaque marker, its folder).
    var nodes: [[PathTrie.ID]] = []
    /// Per layer, per entry: the node dive's tree gives the entry. A whiteout is a node of its
    /// own, `dir/.wh.name`; everything else is the entry's path.
    var diveNodes: [[PathTrie.ID]] = []
    /// The path each whiteout node (`dir/.wh.name`) hides (`dir/name`).
    var whiteoutTargets: [PathTrie.ID: PathTrie.ID] = [:]

    init(_ layers: [Layer]) {
        let total = layers.reduce(0) { $0 + $1.entries.count }
        trie = PathTrie(capacity: total + 64)
        for layer in layers {
            var nodes: [PathTrie.ID] = []
            var diveNodes: [PathTrie.ID] = []
            nodes.reserveCapacity(layer.entries.count)
            diveNodes.reserveCapacity(layer.entries.count)
            for entry in layer.entries {
                let node = trie.intern(entry.path)
                nodes.append(node)
                guard entry.isWhiteout, node != PathTrie.root else {
                    diveNodes.append(node)
                    continue
                }
                let marker = trie.child(of: trie.parents[Int(node)], named: ".wh." + trie.name(node))
                whiteoutTargets[marker] = node
                diveNodes.append(marker)
            }
            self.nodes.append(nodes)
            self.diveNodes.append(diveNodes)
        }
    }
}
