import Foundation

/// JUnit XML as CI test views read it (Jenkins, GitLab, GitHub test reporters): `testsuites` of
/// `testsuite`s of `testcase`s, each counter (`tests`, `failures`, `errors`, `skipped`) on every
/// suite, `time` where it was measured. It follows the JUnit XSD Jenkins and Surefire read
/// (junit-10.xsd), which allows no `skipped` count on `testsuites`.
public enum JUnit {
    public static func render(name: String, suites: [CheckSuite]) -> String {
        let cases = suites.flatMap(\.cases)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"\(xmlEscaped(name))\" tests=\"\(cases.count)\" failures=\"\(cases.filter(\.failed).count)\" errors=\"0\">\n"
        for suite in suites {
            out +=
                "  <testsuite name=\"\(xmlEscaped(suite.name))\" tests=\"\(suite.cases.count)\" failures=\"\(suite.cases.filter(\.failed).count)\" errors=\"0\" skipped=\"\(suite.cases.filter(\.skipped).count)\"\(time(suite.seconds))>\n"
            for check in suite.cases {
                out +=
                    "    <testcase classname=\"\(xmlEscaped(check.group))\" name=\"\(xmlEscaped(check.name))\"\(time(check.seconds))"
                switch check.outcome {
                case .pass:
                    out += "/>\n"
                    continue
                case .fail(let message, let type, let detail):
                    let kind = type.map { " type=\"\(xmlEscaped($0))\"" } ?? ""
                    if let detail {
                        out += ">\n      <failure\(kind) message=\"\(xmlEscaped(message))\">\(xmlEscaped(detail))</failure>\n"
                    } else {
                        out += ">\n      <failure\(kind) message=\"\(xmlEscaped(message))\"/>\n"
                    }
                case .skip(let message): out += ">\n      <skipped message=\"\(xmlEscaped(message))\"/>\n"
                case .note(let text): out += ">\n      <system-out>\(xmlEscaped(text))</system-out>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    private static func time(_ seconds: Double?) -> String {
        seconds.map { " time=\"\(String(format: "%.3f", $0))\"" } ?? ""
    }
}

/// Checkstyle XML, as CI plugins (Jenkins warnings-ng, reviewdog) read it: a `file` element per
/// file checked, an `error` per diagnostic.
public enum Checkstyle {
    public static func render(files: [String], diagnostics: [Diagnostic], source: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
        for file in files {
            out += "  <file name=\"\(xmlEscaped(file))\">\n"
            for diagnostic in diagnostics where diagnostic.file == file {
                out +=
                    "    <error line=\"\(diagnostic.line)\" column=\"\(diagnostic.column)\" severity=\"\(severity(diagnostic.severity))\" message=\"\(xmlEscaped(diagnostic.message))\" source=\"\(xmlEscaped(source)).\(xmlEscaped(diagnostic.code))\"/>\n"
            }
            out += "  </file>\n"
        }
        return out + "</checkstyle>\n"
    }

    static func severity(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info, .style: "info"
        }
    }
}

/// GitHub Actions workflow commands, shown as annotations (on the changed lines when a file and
/// line are given). See https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
public enum GitHubAnnotations {
    /// `located`: whether the diagnostics point into repository files (lint) or at an image.
    public static func render(_ diagnostics: [Diagnostic], located: Bool = true, titlePrefix: String = "") -> String {
        diagnostics.map { diagnostic in
            let command: String
            switch diagnostic.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .info, .style: command = "notice"
            }
            let title = githubEscapedProperty(titlePrefix + diagnostic.code)
            let properties =
                located
                ? "file=\(githubEscapedProperty(diagnostic.file)),line=\(diagnostic.line),endLine=\(diagnostic.endLine),col=\(diagnostic.column),title=\(title)"
                : "title=\(title)"
            return "::\(command) \(properties)::\(githubEscapedData(terminalSafe(diagnostic.message)))\n"
        }.joined()
    }
}

/// Markdown for a CI step summary (`$GITHUB_STEP_SUMMARY`) or a pull-request comment: a count
/// line, then a table of diagnostics or of check cases.
public enum MarkdownSummary {
    public static func render(title: String, diagnostics: [Diagnostic]) -> String {
        var out = "### \(cell(title))\n\n"
        guard !diagnostics.isEmpty else { return out + "No problems found.\n" }
        let counts = [Diagnostic.Severity.error, .warning, .info, .style].compactMap { severity -> String? in
            let count = diagnostics.filter { $0.severity == severity }.count
            return count == 0 ? nil : "\(count) \(severity.rawValue)"
        }
        out += "\(diagnostics.count) problem(s): \(counts.joined(separator: ", "))\n\n"
        out += "| level | rule | where | message |\n| --- | --- | --- | --- |\n"
        for diagnostic in diagnostics {
            out +=
                "| \(diagnostic.severity.rawValue) | `\(cell(diagnostic.code))` | \(cell(diagnostic.file)):\(diagnostic.line) | \(cell(diagnostic.message)) |\n"
        }
        return out
    }

    public static func render(title: String, suites: [CheckSuite]) -> String {
        let cases = suites.flatMap(\.cases)
        var out = "### \(cell(title))\n\n"
        out +=
            "\(cases.count - cases.filter(\.failed).count - cases.filter(\.skipped).count) passed, \(cases.filter(\.failed).count) failed, \(cases.filter(\.skipped).count) skipped\n\n"
        out += "| result | suite | check | detail |\n| --- | --- | --- | --- |\n"
        for suite in suites {
            for check in suite.cases {
                let (result, detail): (String, String)
                switch check.outcome {
                case .pass: (result, detail) = ("pass", "")
                case .fail(let message, _, _): (result, detail) = ("**fail**", message)
                case .skip(let message): (result, detail) = ("skip", message)
                case .note(let text): (result, detail) = ("pass", text)
                }
                out += "| \(result) | \(cell(suite.name)) | \(cell(check.name)) | \(cell(detail)) |\n"
            }
        }
        return out
    }

    /// Text safe inside a table cell: pipes escaped, line breaks as spaces.
    static func cell(_ text: String) -> String {
        terminalSafe(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(
                of: "\r", with: "")
    }
}
