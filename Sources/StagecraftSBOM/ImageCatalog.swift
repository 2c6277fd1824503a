import Foundation
import StagecraftImage

/// The packages of an image: what its package databases list in the merged file system (files a
/// later layer deleted or replaced are not counted), each with the layer and instruction that
/// added it. Read the image with ``ImageCatalog/capture`` so the databases' contents are kept.
public struct ImageCatalog: Sendable {
    public var image: String
    public var distribution: Distribution?
    public var packages: [SoftwarePackage]

    /// The files the catalogers read: dpkg's and apk's databases, Python distributions' metadata,
    /// installed npm packages' manifests, os-release, and of each executable that may be a Go
    /// program, only its module build information.
    public static let capture = FileCapture(maximumFileSize: 64 << 20) { path in
        isCataloged(path) || mayBeExecutable(path)
    } keeping: { path, bytes in
        isCataloged(path) ? bytes : GoBuildInfo.extract(bytes)
    }

    /// Files without an extension outside documentation and headers: where executables are.
    static func mayBeExecutable(_ path: String) -> Bool {
        let name = path.split(separator: "/").last ?? ""
        return !name.contains(".") && !path.hasPrefix("usr/share/") && !path.hasPrefix("usr/include/")
            && !path.hasPrefix("var/lib/dpkg/") && !path.hasPrefix("etc/")
    }

    static func isCataloged(_ path: String) -> Bool {
        path == "var/lib/dpkg/status" || path.hasPrefix("var/lib/dpkg/status.d/") || path == "lib/apk/db/installed"
            || path == "etc/os-release" || path == "usr/lib/os-release" || path.hasSuffix(".dist-info/METADATA")
            || path.hasSuffix(".egg-info/PKG-INFO") || (path.hasSuffix(".egg-info") && !path.hasSuffix("/"))
            || Catalogers.isNpmManifest(path)
    }

    /// Catalogs `image`.
    public init(_ image: Image) {
        self.image = image.name
        // Every kept copy of each cataloged file, bottom layer first, and which copy is visible.
        var copies: [String: [(layer: Int, bytes: [UInt8])]] = [:]
        var visible: [String: Int] = [:]  // path -> layer of the visible copy
        for (index, layer) in image.layers.enumerated() {
            for entry in layer.entries {
                if entry.isOpaque || entry.isWhiteout || entry.kind != .directory {
                    let prefix = entry.path.isEmpty ? "" : entry.path + "/"
                    for path in visible.keys where path.hasPrefix(prefix) && !(entry.isOpaque && layer.captured[path] != nil) {
                        visible[path] = nil
                    }
                }
                if (entry.isWhiteout || (entry.kind != .directory && layer.captured[entry.path] == nil)) && !entry.isOpaque {
                    visible[entry.path] = nil
                }
            }
            for (path, bytes) in layer.captured {
                copies[path, default: []].append((index, bytes))
                visible[path] = index
            }
        }
        func bytes(_ path: String) -> [UInt8]? {
            guard let layer = visible[path] else { return nil }
            return copies[path]?.last { $0.layer == layer }?.bytes
        }
        distribution = (bytes("etc/os-release") ?? bytes("usr/lib/os-release")).flatMap(Catalogers.osRelease)
        var packages: [SoftwarePackage] = []
        for (path, layer) in visible.sorted(by: { $0.key < $1.key }) {
            let read: ([UInt8]) -> [Catalogers.Entry]
            if path == "var/lib/dpkg/status" || path.hasPrefix("var/lib/dpkg/status.d/") {
                read = Catalogers.dpkg
            } else if path == "lib/apk/db/installed" {
                read = Catalogers.apk
            } else if path.hasSuffix("os-release") {
                continue
            } else if Catalogers.isNpmManifest(path) {
                read = Catalogers.npm
            } else if Self.isCataloged(path) {
                read = Catalogers.python
            } else {
                read = GoBuildInfo.packages
            }
            let history = (copies[path] ?? []).filter { $0.layer <= layer }
            guard let current = history.last else { continue }
            let lower = history.dropLast().reversed().map { (layer: $0.layer, entries: Set(read($0.bytes).map(Key.init))) }
            for entry in read(current.bytes) {
                // The lowest layer of the unbroken run of copies that list this package at this version.
                var added = current.layer
                for copy in lower {
                    guard copy.entries.contains(Key(entry)) else { break }
                    added = copy.layer
                }
                packages.append(
                    SoftwarePackage(
                        name: entry.name, version: entry.version, kind: entry.kind, sourceName: entry.sourceName,
                        sourceVersion: entry.sourceVersion, architecture: entry.architecture, location: "/" + path, layer: added,
                        instruction: image.layers[added].createdBy, purl: Self.purl(entry, distribution)))
            }
        }
        self.packages = packages.sorted { ($0.kind.rawValue, $0.name, $0.version) < ($1.kind.rawValue, $1.name, $1.version) }
    }

    private struct Key: Hashable {
        var name: String
        var version: String
        init(_ entry: Catalogers.Entry) {
            name = entry.name
            version = entry.version
        }
    }

    /// The package URL as syft writes it (https://github.com/package-url/purl-spec): qualifiers
    /// sorted, `:` left as is, other reserved characters percent-encoded.
    static func purl(_ entry: Catalogers.Entry, _ distribution: Distribution?) -> String {
        func escape(_ text: String) -> String {
            var out = ""
            for byte in text.utf8 {
                let scalar = Unicode.Scalar(byte)
                if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || ".-_~:".unicodeScalars.contains(scalar)
                {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += String(format: "%%%02X", byte)
                }
            }
            return out
        }
        // As Go's url.PathEscape, which syft's Go purls go through: `(devel)` stays as it is.
        func goEscape(_ text: String) -> String {
            var out = ""
            for byte in text.utf8 {
                let scalar = Unicode.Scalar(byte)
                if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || "-._~!$&'()*+,;=:@".unicodeScalars.contains(scalar)
                {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += String(format: "%%%02X", byte)
                }
            }
            return out
        }
        var qualifiers: [(String, String)] = []
        if let architecture = entry.architecture { qualifiers.append(("arch", architecture)) }
        if let source = entry.sourceName, source != entry.name || entry.sourceVersion != nil {
            qualifiers.append(("upstream", source + (entry.sourceVersion.map { "@" + $0 } ?? "")))
        }
        if let distribution, entry.kind == .deb || entry.kind == .apk {
            qualifiers.append(("distro", distribution.id + "-" + distribution.versionID))
        }
        qualifiers.sort { $0.0 < $1.0 }
        let query = qualifiers.isEmpty ? "" : "?" + qualifiers.map { "\($0.0)=\(escape($0.1))" }.joined(separator: "&")
        switch entry.kind {
        case .deb: return "pkg:deb/\(escape(distribution?.id ?? "debian"))/\(escape(entry.name))@\(escape(entry.version))" + query
        case .apk: return "pkg:apk/\(escape(distribution?.id ?? "alpine"))/\(escape(entry.name))@\(escape(entry.version))" + query
        case .python: return "pkg:pypi/\(escape(entry.name.lowercased()))@\(escape(entry.version))"
        case .goModule:
            // The module path keeps its slashes; the Go version drops its `go` (pkg:golang/stdlib@1.19.8).
            let version =
                entry.name == "stdlib" && entry.version.hasPrefix("go") ? String(entry.version.dropFirst(2)) : entry.version
            let name = entry.name.split(separator: "/", omittingEmptySubsequences: false).map { goEscape(String($0)) }
            return "pkg:golang/\(name.joined(separator: "/"))@\(goEscape(version))"
        case .npm:
            // A scoped name keeps its scope as the namespace: pkg:npm/%40types/node@20.1.0.
            let parts = entry.name.split(separator: "/", maxSplits: 1).map(String.init)
            let name = parts.count == 2 ? "\(escape(parts[0]))/\(escape(parts[1]))" : escape(entry.name)
            return "pkg:npm/\(name)@\(escape(entry.version))"
        }
    }
}
