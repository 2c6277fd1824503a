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

    private func components(_ path: String) -> [Substring] { path.split(separator: "/") }

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
        var current = root
        for component in components(path) {
            if let next = current.children[component] {
                current = next
            } else {
                let created = Node()
                created.layer = layer
                current.children[component] = created
                current = created
            }
        }
        current.size = size
        current.isDirectory = isDirectory
        current.layer = layer
        current.entry = entry
        if !isDirectory { current.children = [:] }
        return current
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
