import StagecraftReporting

/// Lint findings as SARIF 2.1.0 (see ``SARIF``), for GitHub code scanning, with each rule's
/// summary, rationale, category and aliases as the rule metadata.
struct SARIFLintFormatter {
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info, .style: "note"
        }
    }

    func render(_ report: LintReport) -> String {
        var sarif = SARIF.Collector()
        for finding in report.findings {
            let description = RuleCatalog.rule(named: finding.ruleID)?.description
            sarif.add(
                SARIF.Rule(
                    id: finding.ruleID, summary: description?.summary ?? finding.ruleID,
                    description: description?.rationale ?? finding.ruleID, level: Self.level(description?.severity ?? .warning),
                    tags: [description?.category.rawValue ?? "lint"] + (description?.aliases.map(\.code) ?? [])),
                level: Self.level(finding.severity), message: finding.message, file: finding.file, line: finding.line,
                endLine: finding.endLine, column: finding.column)
        }
        return encodeJSON(sarif.log)
    }
}
