import Foundation
import StagecraftReporting
import StagecraftScan

/// A scan report in each output format.
struct ScanOutput {
    let report: ScanReport

    func render(_ format: Stagecraft.Scan.Format) -> String {
        switch format {
        case .table: table()
        case .json: (try? prettyJSON(document())) ?? "{}"
        case .sarif: sarif()
        case .github: GitHubAnnotations.render(diagnostics, located: false, titlePrefix: "stagecraft scan: ")
        case .markdown: MarkdownSummary.render(title: "stagecraft scan \(report.image)", diagnostics: diagnostics)
        }
    }

    func table() -> String {
        let rows =
            [["PACKAGE", "INSTALLED", "FIXED IN", "VULNERABILITY", "SEVERITY", "LAYER"]]
            + report.vulnerabilities.map {
                [
                    $0.package.name, $0.package.version, $0.fixedVersion ?? "", $0.id, $0.severity.rawValue,
                    "\($0.package.layer) \(terminalSafe($0.package.instruction).prefix(40))",
                ]
            }
        var lines = [textTable(rows)]
        let counts = Dictionary(grouping: report.vulnerabilities, by: \.severity).mapValues(\.count)
        let summary = Vulnerability.Severity.allCases.reversed().compactMap { severity in
            counts[severity].map { "\($0) \(severity.rawValue)" }
        }
        lines.append(
            "\n\(report.vulnerabilities.count) vulnerabilities (\(summary.isEmpty ? "none" : summary.joined(separator: ", "))) in \(report.packages) packages, \(report.advisories) advisories"
                + (report.ignored.isEmpty ? "" : "; \(report.ignored.count) ignored")
                + (report.suppressed.isEmpty ? "" : "; \(report.suppressed.count) not affected by VEX"))
        return lines.joined(separator: "\n")
    }

    struct Document: Encodable {
        struct Entry: Encodable {
            var id: String
            var aliases: [String]
            var severity: String
            var score: Double?
            var summary: String
            var package: String
            var type: String
            var installed: String
            var matchedVersion: String
            var fixedIn: String?
            var purl: String
            var layer: Int
            var instruction: String
            var advisory: String
            var ignoredBecause: String?
            var vexStatus: String?
        }
        var image: String
        var packages: Int
        var advisories: Int
        var vulnerabilities: [Entry]
        var ignored: [Entry]
        var suppressedByVEX: [Entry]
        var expiredIgnores: [String]
    }

    func document() -> Document {
        func entry(_ vulnerability: Vulnerability, reason: String? = nil, vex: VEXStatement? = nil) -> Document.Entry {
            Document.Entry(
                id: vulnerability.id, aliases: vulnerability.aliases, severity: vulnerability.severity.rawValue,
                score: vulnerability.score, summary: vulnerability.summary, package: vulnerability.package.name,
                type: vulnerability.package.kind.rawValue, installed: vulnerability.package.version,
                matchedVersion: vulnerability.matchedVersion, fixedIn: vulnerability.fixedVersion,
                purl: vulnerability.package.purl,
                layer: vulnerability.package.layer, instruction: vulnerability.package.instruction,
                advisory: vulnerability.source,
                ignoredBecause: reason ?? vex.map { "\($0.reason) (\($0.source))" }, vexStatus: vex?.status.rawValue)
        }
        return Document(
            image: report.image, packages: report.packages, advisories: report.advisories,
            vulnerabilities: report.vulnerabilities.map { entry($0) },
            ignored: report.ignored.map { entry($0.vulnerability, reason: $0.rule.reason) },
            suppressedByVEX: report.suppressed.map { entry($0.vulnerability, vex: $0.statement) },
            expiredIgnores: report.expiredIgnores.map(\.id))
    }

    var diagnostics: [Diagnostic] {
        report.vulnerabilities.map { vulnerability in
            Diagnostic(
                severity: vulnerability.severity >= .high ? .error : (vulnerability.severity >= .medium ? .warning : .info),
                code: vulnerability.id,
                message:
                    "\(vulnerability.package.name) \(vulnerability.package.version): \(vulnerability.id) (\(vulnerability.severity.rawValue)) \(vulnerability.summary)",
                hint: vulnerability.fixedVersion.map { "upgrade to \($0) or later" }
                    ?? "no fixed version yet; added by layer \(vulnerability.package.layer): \(vulnerability.package.instruction)",
                file: report.image)
        }
    }

    /// SARIF 2.1.0: one rule per advisory, one result per vulnerable package, at the image.
    func sarif() -> String {
        var rules: [SARIF.Rule] = []
        var ids: [String] = []
        var results: [SARIF.Result] = []
        for (vulnerability, diagnostic) in zip(report.vulnerabilities, diagnostics) {
            let level = diagnostic.severity == .error ? "error" : (diagnostic.severity == .warning ? "warning" : "note")
            if !ids.contains(vulnerability.id) {
                ids.append(vulnerability.id)
                rules.append(
                    SARIF.Rule(
                        id: vulnerability.id, summary: vulnerability.summary.isEmpty ? vulnerability.id : vulnerability.summary,
                        description: ([vulnerability.id] + vulnerability.aliases).joined(separator: ", "), level: level,
                        tags: ["security", "vulnerability"]))
            }
            results.append(
                SARIF.Result(
                    ruleID: vulnerability.id, ruleIndex: ids.firstIndex(of: vulnerability.id) ?? 0, level: level,
                    message: diagnostic.message + (diagnostic.hint.map { "; " + $0 } ?? ""), file: report.image, line: 1,
                    endLine: 1, column: 1))
        }
        return (try? prettyJSON(SARIF.Log(rules: rules, results: results))) ?? "{}"
    }
}
