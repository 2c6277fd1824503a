import Foundation

/// Readers of the package databases an image carries, each from a file's bytes to packages
/// (without layers, which ``ImageCatalog`` assigns). Malformed entries are skipped, as syft
/// skips them; a database that cannot be read at all yields nothing.
enum Catalogers {
    /// A cataloged package before its layer is known.
    struct Entry: Equatable {
        var name: String
        var version: String
        var kind: SoftwarePackage.Kind
        var sourceName: String?
        var sourceVersion: String?
        var architecture: String?
    }

    /// Deb822 paragraphs (`Key: value`, continuation lines starting with a space), as dpkg's
    /// status file and apk's installed database (one-letter keys, no space) write them.
    static func paragraphs(_ bytes: [UInt8], separator: Character = ":") -> [[String: String]] {
        var result: [[String: String]] = []
        var current: [String: String] = [:]
        var lastKey: String?
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if !current.isEmpty { result.append(current) }
                current = [:]
                lastKey = nil
                continue
            }
            if line.first == " " || line.first == "\t" {
                if let lastKey { current[lastKey, default: ""] += "\n" + line.trimmingCharacters(in: .whitespaces) }
                continue
            }
            guard let colon = line.firstIndex(of: separator) else { continue }
            let key = String(line[..<colon])
            current[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            lastKey = key
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// `var/lib/dpkg/status` (only `install ok installed` entries) or a file of
    /// `var/lib/dpkg/status.d/` (distroless: no Status field, every entry installed).
    static func dpkg(_ bytes: [UInt8]) -> [Entry] {
        paragraphs(bytes).compactMap { fields in
            guard let name = fields["Package"], let version = fields["Version"], !name.isEmpty, !version.isEmpty else {
                return nil
            }
            if let status = fields["Status"], !status.hasSuffix(" installed") || status.hasPrefix("deinstall") { return nil }
            var sourceName: String?
            var sourceVersion: String?
            if let source = fields["Source"] {
                // `Source: glibc (2.36-9)` names the source version when it differs.
                let parts = source.split(separator: " ", maxSplits: 1)
                sourceName = parts.first.map(String.init)
                if parts.count == 2 { sourceVersion = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "() ")) }
            }
            return Entry(
                name: name, version: version, kind: .deb, sourceName: sourceName, sourceVersion: sourceVersion,
                architecture: fields["Architecture"])
        }
    }

    /// `lib/apk/db/installed`: `P:` name, `V:` version, `A:` architecture, `o:` origin.
    static func apk(_ bytes: [UInt8]) -> [Entry] {
        paragraphs(bytes).compactMap { fields in
            guard let name = fields["P"], let version = fields["V"], !name.isEmpty, !version.isEmpty else { return nil }
            return Entry(
                name: name, version: version, kind: .apk, sourceName: fields["o"], sourceVersion: nil, architecture: fields["A"])
        }
    }

    /// A Python distribution's `METADATA` or `PKG-INFO`: its `Name` and `Version` headers.
    static func python(_ bytes: [UInt8]) -> [Entry] {
        var name: String?
        var version: String?
        for line in String(decoding: bytes.prefix(64 << 10), as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        {
            if line.isEmpty || line == "\r" { break }  // the headers end at the first blank line
            if line.hasPrefix("Name:") { name = line.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines) }
            if line.hasPrefix("Version:") { version = line.dropFirst(8).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        guard let name, let version, !name.isEmpty, !version.isEmpty else { return [] }
        // Lower case, as syft reports Python names (`PyYAML` is `pyyaml`).
        return [Entry(name: name.lowercased(), version: version, kind: .python)]
    }

    /// A package's `package.json` inside `node_modules`: its `name` and `version`.
    static func npm(_ bytes: [UInt8]) -> [Entry] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any],
            let name = object["name"] as? String, let version = object["version"] as? String, !name.isEmpty, !version.isEmpty
        else { return [] }
        return [Entry(name: name, version: version, kind: .npm)]
    }

    /// Whether `path` is an npm manifest: every `package.json`, as syft catalogs images (those
    /// without a name and a version, such as `{"type": "module"}` in a module's folders, list
    /// nothing).
    static func isNpmManifest(_ path: String) -> Bool {
        path == "package.json" || path.hasSuffix("/package.json")
    }

    /// `etc/os-release`: shell-style `KEY=value` lines, values optionally quoted.
    static func osRelease(_ bytes: [UInt8]) -> Distribution? {
        var fields: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            fields[String(line[..<equals])] = value
        }
        guard let id = fields["ID"] else { return nil }
        return Distribution(
            id: id, versionID: fields["VERSION_ID"] ?? "", codename: fields["VERSION_CODENAME"], prettyName: fields["PRETTY_NAME"]
        )
    }
}
