/// One entry of a tar archive, with PAX and GNU extensions already applied.
/// See https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13
public struct TarEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case file, hardLink, symbolicLink, characterDevice, blockDevice, directory, fifo
        case other(UInt8)
    }

    /// The path as stored (PAX `path` or GNU long name when present).
    public var path: String
    /// The link target for hard and symbolic links.
    public var linkTarget: String
    public var kind: Kind
    /// Content size in bytes (PAX `size` when present).
    public var size: Int
    public var mode: Int
    public var uid: Int
    public var gid: Int
    /// Modification time, seconds since 1970.
    public var modificationTime: Double
    public var userName: String
    public var groupName: String
    /// The byte offset of the entry's header in the archive.
    public var headerOffset: Int
    /// The byte offset of the entry's content.
    public var contentOffset: Int

    /// The path made relative and cleaned (`./a/../b` → `b`), for merging filesystems.
    public var normalizedPath: String { TarPath.normalize(path) }

    /// Whether the stored path is absolute or climbs out with `..`: reported, never followed.
    public var isUnsafePath: Bool { TarPath.isUnsafe(path) }
}

/// Path helpers for archive entries.
public enum TarPath {
    /// Removes `./`, empty components and `..` (clamped at the root), and any leading `/`.
    public static func normalize(_ path: String) -> String {
        if isClean(path) { return path }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }

    /// Whether `path` is absolute or has a `..` component.
    public static func isUnsafe(_ path: String) -> Bool {
        if path.hasPrefix("/") { return true }
        // A byte scan for a component that is exactly `..`.
        var length = 0
        var dots = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if length == 2 && dots == 2 { return true }
                length = 0
                dots = 0
            } else {
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return length == 2 && dots == 2
    }

    /// Already normal: no leading `/`, no `//`, no trailing `/`, no `.` or `..` component.
    /// Most entries are, so this byte scan spares them the split and join.
    static func isClean(_ path: String) -> Bool {
        let slash = UInt8(ascii: "/")
        let dot = UInt8(ascii: ".")
        var componentStart = true
        var dots = 0
        for byte in path.utf8 {
            if byte == slash {
                if componentStart || dots == 1 || dots == 2 { return false }
                componentStart = true
                dots = 0
                continue
            }
            if componentStart {
                componentStart = false
                dots = byte == dot ? 1 : -1
            } else if dots > 0 {
                dots = byte == dot ? dots + 1 : -1
            }
        }
        // Empty, a trailing slash, or a last component of `.` or `..`.
        return !componentStart && !(dots == 1 || dots == 2)
    }

}
