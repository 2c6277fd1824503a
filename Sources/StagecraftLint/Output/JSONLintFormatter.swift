import Foundation

/// One flat JSON array over all files, one object per finding (hadolint's shape plus stagecraft's fields).
struct JSONLintFormatter {
    struct Record: Encodable {
        var file: String
        var line: Int
        var endLine: Int
        var column: Int
        var level: String
        var code: String
        var aliases: [String]
        var message: String
        var fixable: Bool
        var suggestion: String?
    }

    func render(_ report: LintReport) -> String {
        let records = report.findings.map { finding in
            Record(
                file: finding.file, line: finding.line, endLine: finding.endLine, column: finding.column,
                level: finding.severity.rawValue, code: finding.ruleID,
                aliases: RuleCatalog.rule(named: finding.ruleID)?.description.aliases.map(\.code) ?? [],
                message: finding.message, fixable: finding.fix != nil, suggestion: finding.suggestion)
        }
        return encodeJSON(records)
    }
}

func encodeJSON<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "[]" }
    return String(decoding: data, as: UTF8.self) + "\n"
}

/// Escapes text for XML attributes and content.
func xmlEscaped(_ text: String) -> String {
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
