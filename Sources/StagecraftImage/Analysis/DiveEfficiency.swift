/// dive's numbers, computed exactly as dive 0.13 computes them so they can be compared:
/// efficiency over leaf nodes of each layer, wasted bytes summing every copy, and opaque
/// whiteouts ignored. See wagoodman/dive `dive/filetree/efficiency.go` and `dive/image/analysis.go`.
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

    public init(layers: [Layer]) {
        struct Record {
            var count = 0
            var cumulative = 0
            var minimum = -1
        }
        var records: [String: Record] = [:]
        var order: [String] = []
        let stacked = DiveTree()
        for (index, layer) in layers.enumerated() {
            let tree = DiveTree()
            var hasWhiteouts = false
            for entry in layer.entries {
                if entry.isWhiteout { hasWhiteouts = true }
                // An opaque marker adds nothing itself, but its folder may appear as a made-up parent.
                let path =
                    entry.isOpaque
                    ? (entry.path.isEmpty ? "" : entry.path + "/") + ".wh..wh..opq"
                    : entry.isWhiteout ? Self.whiteoutName(entry.path) : entry.path
                tree.add(path, size: entry.size, isDirectory: entry.kind == .directory)
            }
            // dive looks whiteouts up in the layers below; for the first layer, in the layer itself.
            let below = index == 0 ? tree : stacked
            // Order matters only when a whiteout can stop the walk or meet its own target among
            // siblings; without whiteouts the cheaper unordered walk gives the same sums.
            let walk = hasWhiteouts ? tree.nodes() : tree.leaves()
            for (path, leaf) in walk where leaf.children.isEmpty {
                let isWhiteout = leaf.name.hasPrefix(".wh.")
                let key = isWhiteout ? Self.targetPath(path) : path
                // dive makes the path's record first, with a minimum of -1 that a failed
                // whiteout lookup leaves in place (and then adds to the total).
                if records[key] == nil {
                    order.append(key)
                    records[key] = Record()
                }
                let size: Int
                if isWhiteout {
                    // A whiteout of a path no lower layer has makes dive's visitor fail, which
                    // silently ends the walk of this layer: the leaves after it are not counted.
                    guard let lower = below.node(at: key) else { break }
                    size = lower.isDirectory ? lower.subtreeSize : 0
                } else {
                    size = leaf.size
                }
                records[key, default: Record()].cumulative += size
                if let minimum = records[key]?.minimum, minimum < 0 || size < minimum { records[key]?.minimum = size }
                records[key, default: Record()].count += 1
            }
            if hasWhiteouts { stacked.stack(walk) } else { stacked.merge(tree) }
        }
        var minimumTotal = 0
        var cumulativeTotal = 0
        var inefficient: [InefficientPath] = []
        for path in order {
            guard let record = records[path] else { continue }
            minimumTotal += record.minimum
            cumulativeTotal += record.cumulative
            if record.count >= 2 {
                inefficient.append(InefficientPath(path: "/" + path, count: record.count, cumulativeSize: record.cumulative))
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

    /// `dir/.wh.name` → `dir/name`.
    static func targetPath(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return String(path.dropFirst(4)) }
        return String(path[...slash]) + path[path.index(slash, offsetBy: 5)...]
    }

    /// The path of the whiteout node itself (`dir/.wh.name`), which is what makes it a leaf.
    static func whiteoutName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return ".wh." + path }
        return String(path[..<slash]) + "/.wh." + path[path.index(after: slash)...]
    }
}

/// dive's file tree, with its quirks: a path's last node takes the payload even when it exists
/// (so a folder named only as a parent in an upper layer loses its folder-ness), parents made
/// on the way carry no payload, and stacking visits every node of the upper tree.
final class DiveTree {
    final class Node {
        let name: Substring
        var children: [Substring: Node] = [:]
        var size = 0
        var isDirectory = false

        init(name: Substring) { self.name = name }

        var subtreeSize: Int {
            var total = size
            var stack = Array(children.values)
            while let next = stack.popLast() {
                total += next.size
                stack.append(contentsOf: next.children.values)
            }
            return total
        }
    }

    let root = Node(name: "")

    func node(at path: String) -> Node? {
        var current = root
        for component in pathComponents(path) {
            guard let next = current.children[component] else { return nil }
            current = next
        }
        return current
    }

    func add(_ path: String, size: Int, isDirectory: Bool) {
        let components = pathComponents(path)
        var current = root
        for (index, component) in components.enumerated() {
            if let next = current.children[component] {
                current = next
            } else {
                if component.hasPrefix(".wh..wh.") { return }
                let created = Node(name: component)
                current.children[component] = created
                current = created
            }
            if index == components.count - 1 {
                current.size = size
                current.isDirectory = isDirectory
            }
        }
    }

    func remove(_ path: String) {
        let components = pathComponents(path)
        guard let last = components.last else { return }
        var current = root
        for component in components.dropLast() {
            guard let next = current.children[component] else { return }
            current = next
        }
        current.children[last] = nil
    }

    /// Every node with its path, children before parents and siblings by name, as dive visits them.
    func nodes() -> [(path: String, node: Node)] {
        var result: [(String, Node)] = []
        func visit(_ node: Node, _ path: String) {
            for name in node.children.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                guard let child = node.children[name] else { continue }
                let childPath = path.isEmpty ? String(name) : path + "/" + name
                visit(child, childPath)
                result.append((childPath, child))
            }
        }
        visit(root, "")
        return result
    }

    /// The leaves with their paths, in no particular order.
    func leaves() -> [(path: String, node: Node)] {
        var result: [(String, Node)] = []
        var stack: [(String, Node)] = root.children.map { (String($0.key), $0.value) }
        while let (path, node) = stack.popLast() {
            if node.children.isEmpty {
                result.append((path, node))
            } else {
                for (name, child) in node.children { stack.append((path + "/" + name, child)) }
            }
        }
        return result
    }

    /// Lays an upper tree with no whiteouts over this one: every node of it (made-up parents
    /// too) takes its place and payload, as dive's stacking of each path does, without paths.
    func merge(_ upper: DiveTree) {
        var pending: [(Node, Node)] = [(upper.root, root)]
        while let (from, into) = pending.popLast() {
            for (name, child) in from.children {
                let target: Node
                if let existing = into.children[name] {
                    target = existing
                } else {
                    target = Node(name: name)
                    into.children[name] = target
                }
                target.size = child.size
                target.isDirectory = child.isDirectory
                pending.append((child, target))
            }
        }
    }

    /// Lays an upper tree (its ``nodes()``) over this one: whiteouts remove, every other node
    /// (made-up parents too) is added.
    func stack(_ upper: [(path: String, node: Node)]) {
        for (path, node) in upper {
            if node.name.hasPrefix(".wh.") {
                remove(DiveEfficiency.targetPath(path))
            } else {
                add(path, size: node.size, isDirectory: node.isDirectory)
            }
        }
    }
}
