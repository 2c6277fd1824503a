import DockerfileSyntax

/// Checkstyle XML, as CI plugins (Jenkins warnings-ng, reviewdog) read it.
struct CheckstyleLintFormatter {
    func render(_ report: LintReport) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
        for file in report.files {
            out += "  <file name=\"\(xmlEscaped(file))\">\n"
            for finding in report.findings where finding.file == file {
                out +=
                    "    <error line=\"\(finding.line)\" column=\"\(finding.column)\" severity=\"\(checkstyleSeverity(finding.severity))\" message=\"\(xmlEscaped(finding.message))\" source=\"stagecraft.\(finding.ruleID)\"/>\n"
            }
            out += "  </file>\n"
        }
        return out + "</checkstyle>\n"
    }

    private func checkstyleSeverity(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info, .style: "info"
        }
    }
}

/// JUnit XML: a test suite per file, a failing test case per finding, a passing one for a clean file.
struct JUnitLintFormatter {
    func render(_ report: LintReport) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"stagecraft lint\" tests=\"\(max(report.findings.count, 0) + report.files.filter { file in !report.findings.contains { $0.file == file } }.count)\" failures=\"\(report.findings.count)\">\n"
        for file in report.files {
            let findings = report.findings.filter { $0.file == file }
            out +=
                "  <testsuite name=\"\(xmlEscaped(file))\" tests=\"\(max(findings.count, 1))\" failures=\"\(findings.count)\" errors=\"0\">\n"
            if findings.isEmpty {
                out += "    <testcase classname=\"\(xmlEscaped(file))\" name=\"lint\"/>\n"
            }
            for finding in findings {
                out += "    <testcase classname=\"\(xmlEscaped(file))\" name=\"\(finding.ruleID) line \(finding.line)\">\n"
                out +=
                    "      <failure type=\"\(finding.severity.rawValue)\" message=\"\(xmlEscaped(finding.message))\">\(xmlEscaped("\(file):\(finding.line):\(finding.column): \(finding.message)"))</failure>\n"
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }
}

/// GitHub Actions workflow commands, which show as annotations on the changed lines.
/// See https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
struct GitHubLintFormatter {
    func render(_ report: LintReport) -> String {
        report.findings.map { finding in
            let command: String
            switch finding.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .info, .style: command = "notice"
            }
            let properties =
                "file=\(githubEscapedProperty(finding.file)),line=\(finding.line),endLine=\(finding.endLine),col=\(finding.column),title=\(githubEscapedProperty(finding.ruleID))"
            return "::\(command) \(properties)::\(githubEscapedData(finding.message))\n"
        }.joined()
    }
}
