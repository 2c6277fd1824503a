import StagecraftReporting

/// The outcome of linting a set of files, ready to format.
public struct LintReport: Sendable {
    /// Findings of every file, in file then line order.
    public var findings: [Finding]
    /// The files linted, in order (including those without findings).
    public var files: [String]
    /// Each file's source, for showing the offending line.
    public var sources: [String: DockerfileDocumentSource]

    public init(findings: [Finding], files: [String], sources: [String: DockerfileDocumentSource] = [:]) {
        self.findings = findings
        self.files = files
        self.sources = sources
    }

    /// Counts per severity.
    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }
}

/// The lines of a linted file, kept for text output.
public struct DockerfileDocumentSource: Sendable {
    public var lines: [String]

    public init(_ bytes: [UInt8]) {
        lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
    }

    public func line(_ number: Int) -> String? { lines.indices.contains(number - 1) ? lines[number - 1] : nil }
}

/// The report formats `stagecraft lint --format` offers.
public enum LintFormat: String, Sendable, CaseIterable {
    case text, json, sarif, checkstyle, junit, github, markdown

    /// Renders a report: text and JSON here, the shared formats through StagecraftReporting.
    public func render(_ report: LintReport, color: Bool = false) -> String {
        switch self {
        case .text: TextLintFormatter(color: color).render(report)
        case .json: JSONLintFormatter().render(report)
        case .sarif: SARIFLintFormatter().render(report)
        case .checkstyle: Checkstyle.render(files: report.files, diagnostics: report.diagnostics, source: "stagecraft")
        case .junit: JUnit.render(name: "stagecraft lint", suites: report.checkSuites)
        case .github: GitHubAnnotations.render(report.diagnostics)
        case .markdown:
            MarkdownSummary.render(title: "stagecraft lint: \(report.files.count) file(s)", diagnostics: report.diagnostics)
        }
    }
}
