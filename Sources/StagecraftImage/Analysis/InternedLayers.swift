/// The paths of an image's layers interned once in a ``PathTrie``, for the analyses to share.
struct InternedLayers: Sendable {
    var trie = PathTrie()
    /// Per layer, per entry: the node of the entry's path (for a whiteout, the path it hides;
    /// for an opaque marker, its folder).
    var nodes: [[PathTrie.ID]] = []
    /// Per layer, per entry: the node dive's tree gives the entry. A whiteout is a node of its
    /// own, `dir/.wh.name`; everything else is the entry's path.
    var diveNodes: [[PathTrie.ID]] = []

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
                diveNodes.append(trie.child(of: trie.parents[Int(node)], named: ".wh." + trie.name(node)))
            }
            self.nodes.append(nodes)
            self.diveNodes.append(diveNodes)
        }
    }
}
