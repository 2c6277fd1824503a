/// Files of the final image counted by what they are, in one pass of byte comparisons over
/// their paths (an image has tens of thousands of files; string searches on each cost more
/// than reading the image).
struct FileUsage: Sendable {
    struct Count: Sendable {
        var count = 0
        var bytes = 0

        mutating func add(_ size: Int) {
            count += 1
            bytes += size
        }
    }

    var caches: [Count]
    var pycache = Count()
    var tools = Count()
    var docs = Count()

    private let cachePrefixes = ImageFindings.caches.map { Array($0.prefix.utf8) }
    private let folderTools = ImageFindings.buildTools.filter { $0.hasSuffix("/") }.map { Array($0.utf8) }
    private let programs = ImageFindings.buildTools.filter { !$0.hasSuffix("/") }.map { Array($0.utf8) }
    private let docFolders = ImageFindings.docFolders.map { Array($0.utf8) }
    private let topPycache = Array("__pycache__/".utf8)
    private let nestedPycache = Array("/__pycache__/".utf8)
    private let partial = Array("/partial/".utf8)
    private let lock = Array("/lock".utf8)

    init() { caches = [Count](repeating: Count(), count: ImageFindings.caches.count) }

    /// Counts one file of the final image by its absolute path.
    mutating func add(_ path: UnsafeRawBufferPointer, size: Int) {
        // Paths are absolute; the patterns are relative.
        guard path.count > 1 else { return }
        let bytes = UnsafeBufferPointer(rebasing: path.bindMemory(to: UInt8.self)[1...])
        if let index = cachePrefixes.firstIndex(where: { bytes.starts(with: $0) }), !bytes.ends(with: lock),
            !bytes.contains(partial)
        {
            caches[index].add(size)
        }
        if bytes.starts(with: topPycache) || bytes.contains(nestedPycache) { pycache.add(size) }
        let isTool =
            folderTools.contains { bytes.starts(with: $0) }
            || programs.contains { program in
                bytes.starts(with: program) && (bytes.count == program.count || bytes[program.count] == UInt8(ascii: "-"))
            }
        if isTool { tools.add(size) }
        if docFolders.contains(where: { bytes.starts(with: $0) }) { docs.add(size) }
    }
}

extension UnsafeBufferPointer<UInt8> {
    fileprivate func starts(with prefix: [UInt8]) -> Bool { matches(prefix, at: 0) }

    fileprivate func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && matches(suffix, at: count - suffix.count) }

    /// Whether `needle` occurs anywhere (a plain scan; paths are short).
    fileprivate func contains(_ needle: [UInt8]) -> Bool {
        guard count >= needle.count else { return false }
        return (0...(count - needle.count)).contains { matches(needle, at: $0) }
    }

    private func matches(_ part: [UInt8], at offset: Int) -> Bool {
        guard offset + part.count <= count else { return false }
        for index in part.indices where self[offset + index] != part[index] { return false }
        return true
    }
}
