/// A file tree keyed by path components, for stacking layers.
final class FileTree {
    final class Node {
        var children: [Substring: Node] = [:]
        var size = 0
        var isDirectory = true
        var layer = -1
        var entry: LayerEntry?
    }

    let root = Node()

    private func components(_ path: String) -> [Substring] { pathComponents(path) }

    func node(at path: String) -> Node? {
        var current = root
        for component in components(path) {
            guard let next = current.children[component] else { return nil }
            current = next
        }
        return current
    }

    /// Adds or replaces `path`, creating missing parents as folders.
    @discardableResult
    func add(_ path: String, size: Int, isDirectory: Bool, layer: Int, entry: LayerEntry?) -> Node {
        let current = findOrCreate(path, layer: layer).node
        current.size = size
        current.isDirectory = isDirectory
        current.layer = layer
        current.entry = entry
        if !isDirectory { current.children = [:] }
        return current
    }

    /// The node at `path`, made (with its missing parents, as folders of `layer`) when absent,
    /// and whether it was there before: one walk instead of a lookup and an add.
    func findOrCreate(_ path: String, layer: Int) -> (node: Node, existed: Bool) {
        var current = root
        var existed = true
        for component in components(path) {
            if let next = current.children[component] {
                current = next
            } else {
                let created = Node()
                created.layer = layer
                current.children[component] = created
                current = created
                existed = false
            }
        }
        return (current, existed)
    }

    /// Removes `path` and everything under it; returns the removed node.
    @discardableResult
    func remove(_ path: String) -> Node? {
        let parts = components(path)
        guard let last = parts.last else { return nil }
        var current = root
        for component in parts.dropLast() {
            guard let next = current.children[component] else { return nil }
            current = next
        }
        return current.children.removeValue(forKey: last)
    }

    /// The sum of sizes of a node and everything under it.
    static func subtreeSize(_ node: Node) -> Int {
        var total = node.size
        var stack = Array(node.children.values)
        while let next = stack.popLast() {
            total += next.size
            stack.append(contentsOf: next.children.values)
        }
        return total
    }

    /// Every file below `node`, with paths.
    static func files(under node: Node, prefix: String) -> [(path: String, node: Node)] {
        var result: [(String, Node)] = []
        var stack: [(String, Node)] = node.children.map { (prefix.isEmpty ? String($0.key) : prefix + "/" + $0.key, $0.value) }
        while let (path, next) = stack.popLast() {
            result.append((path, next))
            for (name, child) in next.children { stack.append((path + "/" + name, child)) }
        }
        return result
    }
}

/// The non-empty `/`-separated parts of a path, found byte by byte (`split` on a Character
/// walks grapheme clusters, which costs more than everything else a file entry needs).
func pathComponents(_ path: String) -> [Substring] {
    var result: [Substring] = []
    let bytes = path.utf8
    var start = bytes.startIndex
    var index = start
    while index != bytes.endIndex {
        if bytes[index] == UInt8(ascii: "/") {
            if start != index { result.append(path[start..<index]) }
            start = bytes.index(after: index)
        }
        index = bytes.index(after: index)
    }
    if start != bytes.endIndex { result.append(path[start..<bytes.endIndex]) }
    return result
}
