#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every path of an image once, as numbered nodes of one trie: node 0 is the root, and a node
/// is its parent's number plus one name. The analyses keep their state in arrays indexed by
/// node number, so stacking layers costs array stores rather than hashing strings and
/// allocating tree nodes (an image has tens of thousands of paths in several layers).
struct PathTrie {
    typealias ID = Int32

    static let root: ID = 0

    /// Per node: its parent (-1 for the root), where its name is in `names`, and its first
    /// child and next sibling (-1 for none), so a node's children can be walked.
    private(set) var parents: [ID] = [-1]
    private var nameStarts: [Int32] = [0]
    private var nameEnds: [Int32] = [0]
    private(set) var firstChildren: [ID] = [-1]
    private(set) var nextSiblings: [ID] = [-1]
    private var names: [UInt8] = []
    /// Open addressing over (parent, name): node numbers, -1 for an empty slot.
    private var slots: [ID]
    private var mask: Int

    init(capacity: Int = 1 << 12) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [ID](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { parents.count }

    /// The node for `path` (components split on `/`, empty ones skipped), made when missing.
    mutating func intern(_ path: String) -> ID {
        var path = path
        return path.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

    mutating func intern(_ bytes: UnsafeRawBufferPointer) -> ID {
        var node = Self.root
        forEachComponent(bytes) { component in node = child(of: node, named: component, create: true) ?? node }
        return node
    }

    /// The node for `path`, or nil when no layer has it.
    func find(_ path: String) -> ID? {
        var path = path
        return path.withUTF8 { find(UnsafeRawBufferPointer($0)) }
    }

    func find(_ bytes: UnsafeRawBufferPointer) -> ID? {
        var node: ID? = Self.root
        forEachComponent(bytes) { component in
            if let current = node { node = lookup(current, component) }
        }
        return node
    }

    /// The child of `parent` called `name`, made when missing.
    mutating func child(of parent: ID, named name: String) -> ID {
        var name = name
        return name.withUTF8 { child(of: parent, named: UnsafeRawBufferPointer($0), create: true) } ?? parent
    }

    /// The child of `parent` called `name`, when some path has it.
    func existingChild(of parent: ID, named name: UnsafeRawBufferPointer) -> ID? { lookup(parent, name) }

    /// The child of `parent` called `name`: found, or made when `create` says so.
    mutating func child(of parent: ID, named name: UnsafeRawBufferPointer, create: Bool) -> ID? {
        let (found, slot) = probe(parent, name)
        if let found { return found }
        guard create else { return nil }
        let node = ID(parents.count)
        parents.append(parent)
        nameStarts.append(Int32(names.count))
        names.append(contentsOf: name)
        nameEnds.append(Int32(names.count))
        firstChildren.append(-1)
        nextSiblings.append(firstChildren[Int(parent)])
        firstChildren[Int(parent)] = node
        slots[slot] = node
        if parents.count * 2 > slots.count { grow() }
        return node
    }

    private func lookup(_ parent: ID, _ name: UnsafeRawBufferPointer) -> ID? { probe(parent, name).node }

    /// The node for (parent, name) if there is one, and the slot where the search ended (where
    /// a new node goes).
    private func probe(_ parent: ID, _ name: UnsafeRawBufferPointer) -> (node: ID?, slot: Int) {
        var slot = Self.hash(parent, name) & mask
        while true {
            let found = slots[slot]
            if found < 0 { return (nil, slot) }
            if parents[Int(found)] == parent && nameEquals(found, name) { return (found, slot) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [ID](repeating: -1, count: size)
        mask = size - 1
        for node in 1..<parents.count {
            let hash = withName(ID(node)) { Self.hash(parents[node], $0) }
            var slot = hash & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = ID(node)
        }
    }

    private func nameEquals(_ node: ID, _ name: UnsafeRawBufferPointer) -> Bool {
        let start = Int(nameStarts[Int(node)])
        let end = Int(nameEnds[Int(node)])
        guard end - start == name.count else { return false }
        guard let query = name.baseAddress else { return true }
        return names.withUnsafeBytes { stored in
            guard let base = stored.baseAddress else { return false }
            return memcmp(base + start, query, name.count) == 0
        }
    }

    /// FNV-1a over the parent's number and the name's bytes.
    private static func hash(_ parent: ID, _ name: UnsafeRawBufferPointer) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(UInt32(bitPattern: parent))
        for byte in name { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }

    private func forEachComponent(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
            if index > start { body(UnsafeRawBufferPointer(rebasing: bytes[start..<index])) }
            start = index + 1
        }
    }

    /// Calls `body` with a node's name bytes.
    func withName<Result>(_ node: ID, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        let start = Int(nameStarts[Int(node)])
        let end = Int(nameEnds[Int(node)])
        return names.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    func name(_ node: ID) -> String { withName(node) { String(decoding: $0, as: UTF8.self) } }

    /// Whether the node's name starts with `prefix` (ASCII).
    func nameHasPrefix(_ node: ID, _ prefix: StaticString) -> Bool {
        withName(node) { name in
            guard let base = name.baseAddress, name.count >= prefix.utf8CodeUnitCount else { return false }
            return memcmp(base, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0
        }
    }

    /// Orders two sibling names by their bytes.
    func nameLess(_ left: ID, _ right: ID) -> Bool {
        withName(left) { a in withName(right) { b in a.lexicographicallyPrecedes(b) } }
    }

    /// The path from the root, components joined by `/`, no leading `/` ("" for the root).
    func path(_ node: ID) -> String {
        var chain: [ID] = []
        var current = node
        while current > 0 {
            chain.append(current)
            current = parents[Int(current)]
        }
        var bytes: [UInt8] = []
        for (index, part) in chain.reversed().enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "/")) }
            withName(part) { bytes.append(contentsOf: $0) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Calls `body` for each child of `node`.
    func forEachChild(of node: ID, _ body: (ID) -> Void) {
        var child = firstChildren[Int(node)]
        while child >= 0 {
            body(child)
            child = nextSiblings[Int(child)]
        }
    }

    /// Calls `body` for every node below `node` (not `node` itself) that `include` admits;
    /// a node not admitted hides its descendants.
    func forEachDescendant(of node: ID, where include: (ID) -> Bool, _ body: (ID) -> Void) {
        var stack: [ID] = []
        forEachChild(of: node) { stack.append($0) }
        while let next = stack.popLast() {
            guard include(next) else { continue }
            body(next)
            forEachChild(of: next) { stack.append($0) }
        }
    }

    /// Calls `body` for every node below the root that `include` admits (a node not admitted
    /// hides its descendants) with its path (leading `/`), built in one buffer on the way down.
    func forEachPath(where include: (ID) -> Bool, _ body: (ID, UnsafeRawBufferPointer) -> Void) {
        var buffer: [UInt8] = [UInt8(ascii: "/")]
        var stack: [(node: ID, parentLength: Int)] = []
        forEachChild(of: Self.root) { stack.append(($0, 1)) }
        while let (node, parentLength) = stack.popLast() {
            guard include(node) else { continue }
            buffer.removeSubrange(parentLength...)
            if parentLength > 1 { buffer.append(UInt8(ascii: "/")) }
            withName(node) { buffer.append(contentsOf: $0) }
            buffer.withUnsafeBytes { body(node, $0) }
            let length = buffer.count
            forEachChild(of: node) { stack.append(($0, length)) }
        }
    }
}
