import Yams

/// YAML merge keys (`<<: *common`, `<<: [*a, *b]`), resolved as compose resolves them before
/// reading a file: a mapping's own keys win over merged ones, and an earlier mapping in a merge
/// list wins over a later one.
///
/// Anchors are shared, not copied, in the tree the YAML reader gives, so a small file can stand
/// for a huge tree ("billion laughs"). The walk counts the nodes it visits and stops at a limit.
struct MergeKeys {
    /// Nodes visited so far, and the most allowed.
    private(set) var visited = 0
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    struct LimitExceeded: Error {}

    /// The tree with every merge key resolved.
    mutating func resolve(_ node: Node) throws(LimitExceeded) -> Node {
        visited += 1
        guard visited <= limit else { throw LimitExceeded() }
        switch node {
        case .scalar, .alias:
            return node
        case .sequence(var sequence):
            var items: [Node] = []
            items.reserveCapacity(sequence.count)
            for item in sequence { items.append(try resolve(item)) }
            sequence.replaceSubrange(sequence.startIndex..<sequence.endIndex, with: items)
            return .sequence(sequence)
        case .mapping(let mapping):
            var own: [(Node, Node)] = []
            var merged: [(Node, Node)] = []
            for (key, value) in mapping {
                if Self.isMergeKey(key) {
                    let sources = value.sequence.map(Array.init) ?? [value]
                    for source in sources {
                        guard case .mapping(let resolved) = try resolve(source) else { continue }
                        merged += resolved.map { ($0.key, $0.value) }
                    }
                } else {
                    own.append((key, try resolve(value)))
                }
            }
            guard !merged.isEmpty else {
                return .mapping(Node.Mapping(own, mapping.tag, mapping.style, mapping.mark))
            }
            var seen = Set(own.compactMap { $0.0.string })
            var pairs = own
            for (key, value) in merged where seen.insert(key.string ?? "").inserted {
                pairs.append((key, value))
            }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        }
    }

    static func isMergeKey(_ key: Node) -> Bool {
        guard case .scalar(let scalar) = key else { return false }
        return scalar.string == "<<" && scalar.style == .plain
    }
}
