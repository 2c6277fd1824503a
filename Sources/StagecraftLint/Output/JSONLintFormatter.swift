import DockerfileSyntax
import Foundation
import StagecraftReporting

/// One flat JSON array over all files, one object per finding (hadolint's shape plus stagecraft's fields).
struct JSONLintFormatter {
    func render(_ report: LintReport) -> String {
        let aliases = Dictionary(uniqueKeysWithValues: RuleCatalog.descriptions.map { ($0.id, $0.aliases.map(\.code)) })
        var out = "["
        for (index, finding) in report.findings.enumerated() {
            var writer = JSONWriter(indent: "  ", depth: 1)
            writer.object { w in
                w.field("file") { $0.string(finding.file) }
                w.field("line") { $0.number(finding.line) }
                w.field("endLine") { $0.number(finding.endLine) }
                w.field("column") { $0.number(finding.column) }
                w.field("level") { $0.string(finding.severity.rawValue) }
                w.field("code") { $0.string(finding.ruleID) }
                w.field("aliases") { w in w.array(aliases[finding.ruleID] ?? []) { $0.string($1) } }
                w.field("message") { $0.string(finding.message) }
                w.field("fixable") { $0.bool(finding.fix != nil) }
                w.field("suggestion") { w in finding.suggestion.map { w.string($0) } ?? w.null() }
            }
            out += (index == 0 ? "\n  " : ",\n  ") + writer.output
        }
        return out + (report.findings.isEmpty ? "]\n" : "\n]\n")
    }
}

func encodeJSON<T: Encodable>(_ value: T) -> String {
    guard let text = try? prettyJSON(value) else { return "[]" }
    return text + "\n"
}
