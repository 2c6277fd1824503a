/// Escapes text for XML attributes and content: the five entities, newlines as `&#10;`, and
/// the control characters XML 1.0 cannot hold dropped. Shared by every command's report formats
/// (checkstyle, JUnit).
package func xmlEscaped(_ text: String) -> String {
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
