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
        let used = Array(Set(report.findings.map(\.ruleID))).sorted()
        let rules = used.map { id -> SARIF.Rule in
            let description = RuleCatalog.rule(named: id)?.description
            return SARIF.Rule(
                id: id, summary: description?.summary ?? id, description: description?.rationale ?? id,
                level: Self.level(description?.severity ?? .warning),
                tags: [description?.category.rawValue ?? "lint"] + (description?.aliases.map(\.code) ?? []))
        }
        let results = report.findings.map { finding in
            SARIF.Result(
                ruleID: finding.ruleID, ruleIndex: used.firstIndex(of: finding.ruleID) ?? 0, level: Self.level(finding.severity),
                message: finding.message, file: finding.file, line: finding.line, endLine: finding.endLine,
                column: finding.column)
        }
        return encodeJSON(SARIF.Log(rules: rules, results: results))
    }
}
