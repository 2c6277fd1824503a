import StagecraftReporting

/// Human output: `file:line:column: severity[rule]: message`, the source line, a caret, and
/// the fix or suggestion; then a summary with the count of each rule, most frequent first, so
/// what dominates a report is seen at once (and can be disabled or fixed in one go).
struct TextLintFormatter {
    var color: Bool

    private func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    private func label(_ severity: Severity) -> String {
        switch severity {
        case .error: paint("error", "1;31")
        case .warning: paint("warning", "1;33")
        case .info: paint("info", "1;36")
        case .style: paint("style", "1;35")
        }
    }

    func render(_ report: LintReport) -> String {
        var out = ""
        for finding in report.findings {
            out +=
                "\(terminalSafe(finding.file)):\(finding.line):\(finding.column): \(label(finding.severity))[\(finding.ruleID)]: \(terminalSafe(finding.message))\n"
            if let line = report.sources[finding.file]?.line(finding.line).map(terminalSafe) {
                let number = String(finding.line)
                out += "  \(number) | \(line)\n"
                let indent = line.prefix { $0 == " " || $0 == "\t" }
                let width = max(1, line.count - indent.count)
                out +=
                    "  \(String(repeating: " ", count: number.count)) | \(indent)\(paint(String(repeating: "^", count: min(width, 60)), "1;32"))\n"
            }
            if let fix = finding.fix { out += "  fix: \(fix.title) (stagecraft lint --fix)\n" }
            if let suggestion = finding.suggestion { out += "  suggestion: \(suggestion)\n" }
        }
        let fixable = report.findings.filter { $0.fix != nil }.count
        if report.findings.isEmpty {
            out += "\(report.files.count) file(s) checked, no problems\n"
        } else {
            out +=
                "\(report.files.count) file(s) checked: \(report.findings.count) problem(s) (\(report.count(.error)) error, \(report.count(.warning)) warning, \(report.count(.info)) info, \(report.count(.style)) style)"
            out += fixable > 0 ? "; \(fixable) fixable with --fix\n" : "\n"
            out += byRule(report.findings)
        }
        return out
    }

    /// `  12  runtime-user-missing` lines, most frequent first.
    private func byRule(_ findings: [Finding]) -> String {
        var counts: [String: Int] = [:]
        for finding in findings { counts[finding.ruleID, default: 0] += 1 }
        let ordered = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        guard !ordered.isEmpty else { return "" }
        return textTable(ordered.map { ["\($0.value)", $0.key] }, rightAligned: [0], indent: "  ") + "\n"
    }
}
