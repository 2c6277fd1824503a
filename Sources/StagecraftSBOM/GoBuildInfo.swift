/// The module build information the Go toolchain embeds in an executable (`go version -m`): the
/// Go version, the main module, and each dependency with its version (or its replacement).
///
/// Since Go 1.18 the `.go.buildinfo` section starts, 16-byte aligned, with `\xff Go buildinf:`,
/// the pointer size, a flags byte whose bit 2 says the two strings follow inline at offset 32,
/// each prefixed by its length as a varint. Executables built by older toolchains store pointers
/// instead; they are not read.
enum GoBuildInfo {
    static let magic: [UInt8] = [0xFF] + Array(" Go buildinf:".utf8)
    /// What a capture keeps of an executable: this marker, the Go version, a newline, the module
    /// information.
    static let marker: [UInt8] = Array("\u{0}go-buildinfo\n".utf8)

    /// The build information of an ELF executable, as the capture keeps it; nil for anything else.
    static func extract(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count > 64, bytes[0] == 0x7F, bytes[1] == UInt8(ascii: "E"), bytes[2] == UInt8(ascii: "L"),
            bytes[3] == UInt8(ascii: "F")
        else { return nil }
        var offset = 0
        while offset + 32 <= bytes.count {
            if bytes[offset] == 0xFF, bytes[offset..<offset + magic.count].elementsEqual(magic) { break }
            offset += 16
        }
        guard offset + 32 <= bytes.count, bytes[offset + 15] & 0x2 != 0 else { return nil }
        var cursor = offset + 32
        guard let version = string(bytes, &cursor), let modules = string(bytes, &cursor) else { return nil }
        return marker + version + [UInt8(ascii: "\n")] + modules
    }

    /// A varint-prefixed string at `cursor`, moving past it.
    static func string(_ bytes: [UInt8], _ cursor: inout Int) -> [UInt8]? {
        var length = 0
        var shift = 0
        while cursor < bytes.count, shift < 35 {
            let byte = bytes[cursor]
            cursor += 1
            length |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                guard length <= bytes.count - cursor else { return nil }
                defer { cursor += length }
                return Array(bytes[cursor..<cursor + length])
            }
            shift += 7
        }
        return nil
    }

    /// The packages a kept extract lists, as syft reports them: the main module, each dependency
    /// (its replacement when there is one), and `stdlib` at the Go version.
    static func packages(_ kept: [UInt8]) -> [Catalogers.Entry] {
        guard kept.starts(with: marker) else { return [] }
        let text = String(decoding: kept.dropFirst(marker.count), as: UTF8.self)
        guard let newline = text.firstIndex(of: "\n") else { return [] }
        let goVersion = String(text[..<newline])
        var modules: [(name: String, version: String)] = []
        for line in text[text.index(after: newline)...].split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3 else { continue }
            switch fields[0] {
            case "mod", "dep": modules.append((fields[1], fields[2]))
            case "=>" where !modules.isEmpty: modules[modules.count - 1] = (fields[1], fields[2])
            default: continue
            }
        }
        var entries = modules.filter { !$0.name.isEmpty && !$0.version.isEmpty }.map {
            Catalogers.Entry(name: $0.name, version: $0.version, kind: .goModule)
        }
        if goVersion.hasPrefix("go") { entries.append(Catalogers.Entry(name: "stdlib", version: goVersion, kind: .goModule)) }
        return entries
    }
}
