import StagecraftReporting

extension Finding {
    /// The finding as every report format sees it.
    var diagnostic: Diagnostic {
        Diagnostic(
            severity: Diagnostic.Severity(rawValue: severity.rawValue) ?? .warning, code: ruleID, message: message,
            hint: suggestion, file: file, line: line, endLine: endLine, column: column)
    }
}

extension LintReport {
    var diagnostics: [Diagnostic] { findings.map(\.diagnostic) }

    /// A suite per file: a failing case per finding, one passing case for a clean file.
    var checkSuites: [CheckSuite] {
        files.map { file in
            let findings = self.findings.filter { $0.file == file }
            let cases =
                findings.isEmpty
                ? [CheckCase(group: file, name: "lint", outcome: .pass)]
                : findings.map { finding in
                    CheckCase(
                        group: file, name: "\(finding.ruleID) line \(finding.line)",
                        outcome: .fail(
                            message: finding.message, type: finding.severity.rawValue,
                            detail: "\(file):\(finding.line):\(finding.column): \(finding.message)"))
                }
            return CheckSuite(name: file, cases: cases)
        }
    }
}
