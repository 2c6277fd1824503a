import Foundation

/// Escapes text for XML attributes and content: the five entities, newlines as `&#10;`, and
/// the control characters XML 1.0 cannot hold dropped. Shared by every command's report formats
/// (checkstyle, JUnit).
public func xmlEscaped(_ text: String) -> String {
    var out = ""
    for character in text.unicodeScalars {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        case "\n": out += "&#10;"
        case "\u{00}"..."\u{08}", "\u{0B}", "\u{0C}", "\u{0E}"..."\u{1F}": continue
        default: out.unicodeScalars.append(character)
        }
    }
    return out
}

/// Encodes a report document the way every command prints JSON: indented, keys sorted, `/` left
/// as is.
public func prettyJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// The message part of a GitHub Actions workflow command (`::error …::MESSAGE`).
public func githubEscapedData(_ text: String) -> String {
    text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(
        of: "\n", with: "%0A")
}

/// A property value of a GitHub Actions workflow command (`title=…`, `file=…`).
public func githubEscapedProperty(_ text: String) -> String {
    githubEscapedData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
}

/// Text safe to print on a terminal: control characters (escape sequences that move the cursor,
/// retitle the window or hide text, carriage returns that overwrite a line) written out as
/// `\x1b`, `\r`…; tabs and newlines kept. For anything read from files, images or logs.
public func terminalSafe(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
        if isControl(scalar) {
            switch scalar {
            case "\r": out += "\\r"
            default:
                let hex = String(scalar.value, radix: 16)
                out += "\\x" + (hex.count < 2 ? "0" : "") + hex
            }
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

private func isControl(_ scalar: Unicode.Scalar) -> Bool {
    (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
}

/// Rows as aligned text columns, two spaces apart, each line starting with `indent`. Columns in
/// `rightAligned` (numbers) are padded on the left; the last column of a row is not padded unless
/// it is right-aligned.
public func textTable(_ rows: [[String]], rightAligned: Set<Int> = [], indent: String = "") -> String {
    let columns = rows.map(\.count).max() ?? 0
    let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
    return rows.map { row in
        indent
            + row.enumerated().map { index, cell in
                let gap = String(repeating: " ", count: max(0, widths[index] - cell.count))
                if rightAligned.contains(index) { return gap + cell }
                return index == row.count - 1 ? cell : cell + gap
            }.joined(separator: "  ")
    }.joined(separator: "\n")
}

/// The folder part of `path`, as `NSString.deletingLastPathComponent` gives it (`a/b/c` is `a/b`,
/// `/a` is `/`, a bare name is empty), written out because Foundation on Linux traps on a
/// one-character path such as `.`.
public func parentFolder(of path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return "" }
    if slash == trimmed.startIndex { return "/" }
    var folder = trimmed[..<slash]
    while folder.count > 1 && folder.hasSuffix("/") { folder = folder.dropLast() }
    return String(folder)
}

/// The folder holding `path`: ``parentFolder(of:)``, or `.` for a bare name.
public func containingFolder(of path: String) -> String {
    let folder = parentFolder(of: path)
    return folder.isEmpty ? "." : folder
}
