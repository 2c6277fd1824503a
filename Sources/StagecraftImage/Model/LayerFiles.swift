import TarArchive

/// One entry of a layer, as the analysis needs it.
public struct LayerEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case file, directory, symlink, hardLink, device, fifo, other
    }

    /// The normalized path inside the image (no leading `/`).
    public var path: String
    public var kind: Kind
    public var size: Int
    public var mode: Int
    public var uid: Int
    public var gid: Int
    public var linkTarget: String
    /// `.wh.NAME`: hides NAME of lower layers. The path is that of NAME.
    public var isWhiteout: Bool
    /// `.wh..wh..opq`: hides all lower children of the folder. The path is the folder's.
    public var isOpaque: Bool
    /// The stored path was absolute or climbed out with `..`.
    public var wasUnsafe: Bool

    init(_ entry: TarEntry) {
        let normalized = entry.normalizedPath
        // Only names with `.wh.` are markers; the rest skip the name split.
        if Self.containsWhiteoutPrefix(normalized) {
            let slash = normalized.lastIndex(of: "/")
            let name = slash.map { normalized[normalized.index(after: $0)...] } ?? normalized[...]
            let parent = slash.map { String(normalized[..<$0]) } ?? ""
            isOpaque = name == ".wh..wh..opq"
            isWhiteout = !isOpaque && name.hasPrefix(".wh.") && !name.hasPrefix(".wh..wh.")
            if isOpaque {
                path = parent
            } else if isWhiteout {
                let target = String(name.dropFirst(4))
                path = parent.isEmpty ? target : parent + "/" + target
            } else {
                path = normalized
            }
        } else {
            isOpaque = false
            isWhiteout = false
            path = normalized
        }
        switch entry.kind {
        case .file, .other: kind = .file
        case .directory: kind = .directory
        case .symbolicLink: kind = .symlink
        case .hardLink: kind = .hardLink
        case .characterDevice, .blockDevice: kind = .device
        case .fifo: kind = .fifo
        }
        // Only files carry content; a size on a link, folder or device is a header's claim, not data.
        size = kind == .file ? entry.size : 0
        mode = entry.mode
        uid = entry.uid
        gid = entry.gid
        linkTarget = entry.linkTarget
        wasUnsafe = entry.isUnsafePath
    }

    /// Whether this entry is an ordinary file-system object (not a whiteout marker).
    public var isMarker: Bool { isWhiteout || isOpaque }

    /// Metadata entries such as `.wh..wh.plnk` that belong to no path.
    var isIgnorable: Bool {
        Self.containsWhiteoutPrefix(path) && path.split(separator: "/").contains { $0.hasPrefix(".wh..wh.") }
    }

    /// Whether some component of `path` starts with `.wh.`, by a byte scan (most paths have none).
    static func containsWhiteoutPrefix(_ path: String) -> Bool {
        var atStart = true
        // How much of `.wh.` the current component has matched so far.
        var matched = 0
        for byte in path.utf8 {
            switch matched {
            case 1: matched = byte == UInt8(ascii: "w") ? 2 : 0
            case 2: matched = byte == UInt8(ascii: "h") ? 3 : 0
            case 3: if byte == UInt8(ascii: ".") { return true } else { matched = 0 }
            default: matched = atStart && byte == UInt8(ascii: ".") ? 1 : 0
            }
            atStart = byte == UInt8(ascii: "/")
        }
        return false
    }
}

/// A layer read from an archive.
public struct Layer: Sendable {
    /// Where the layer was found in the archive (`<id>/layer.tar`, `blobs/sha256/…`).
    public var source: String
    /// The digest of the blob as stored, when known.
    public var blobDigest: String?
    /// How the blob was stored.
    public var encoding: String
    /// The blob's size as stored.
    public var storedSize: Int
    /// The entries in archive order.
    public var entries: [LayerEntry]
    /// The instruction that made it (from the config history).
    public var createdBy: String = ""
    /// The contents of the files the reader was asked to keep (``FileCapture``), by path.
    public var captured: [String: [UInt8]] = [:]

    /// dive's layer size: the sum of the tar entries' sizes.
    public var size: Int { entries.reduce(0) { $0 + ($1.isMarker ? 0 : $1.size) } }
}

/// Files whose contents a read keeps, besides the file list: package databases for an SBOM, say.
/// Only regular files up to `maximumFileSize` are read, as their layer streams past; of those,
/// `keeping` (when given) decides from the contents what is kept: the bytes, a part of them (the
/// build information of a Go executable), or nothing. So a capture can look at many files and
/// hold only the little it needs.
public struct FileCapture: Sendable {
    public var maximumFileSize: Int
    public var wants: @Sendable (String) -> Bool
    public var keeping: (@Sendable (String, [UInt8]) -> [UInt8]?)?

    public init(
        maximumFileSize: Int = 32 << 20, wants: @escaping @Sendable (String) -> Bool,
        keeping: (@Sendable (String, [UInt8]) -> [UInt8]?)? = nil
    ) {
        self.maximumFileSize = maximumFileSize
        self.wants = wants
        self.keeping = keeping
    }

    /// What is kept of the contents read for `path`, if anything.
    func kept(_ path: String, _ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count <= maximumFileSize, wants(path) else { return nil }
        guard let keeping else { return bytes }
        return keeping(path, bytes)
    }

    /// What either capture keeps (the first's choice when both keep something).
    public static func either(_ first: FileCapture, _ second: FileCapture) -> FileCapture {
        FileCapture(maximumFileSize: max(first.maximumFileSize, second.maximumFileSize)) { path in
            first.wants(path) || second.wants(path)
        } keeping: { path, bytes in
            first.kept(path, bytes) ?? second.kept(path, bytes)
        }
    }
}
