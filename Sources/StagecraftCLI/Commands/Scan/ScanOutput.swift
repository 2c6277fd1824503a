import Foundation
import StagecraftReporting
import StagecraftScan

/// A scan report (vulnerabilities, secrets or both) in each output format.
struct ScanOutput {
    let report: ScanReport
    let scanners: Set<Stagecraft.Scan.Scanner>
    var secrets: [SecretFinding] = []
    var allowedSecrets: [(finding: SecretFinding, reason: String)] = []
    /// A layer's instruction with secret build arguments masked.
    var redact: (String) -> String = { $0 }
    /// The Dockerfile lines that made the layers, when the Dockerfile was given.
    var origins = LayerOrigins()

    func render(_ format: Stagecraft.Scan.Format) -> String {
        switch format {
        case .table: table()
        case .json: (try? prettyJSON(document())) ?? "{}"
        case .sarif: sarif()
        case .junit: JUnit.render(name: "stagecraft scan", suites: suites())
        case .github:
            // Findings located in the Dockerfile annotate its line; the others, the run.
            GitHubAnnotations.render(diagnostics.filter { $0.file != report.image }, titlePrefix: "stagecraft scan: ")
                + GitHubAnnotations.render(
                    diagnostics.filter { $0.file == report.image }, located: false, titlePrefix: "stagecraft scan: ")
        case .markdown: MarkdownSummary.render(title: "stagecraft scan \(report.image)", diagnostics: diagnostics)
        }
    }

    func table() -> String {
        var lines: [String] = []
        if scanners.contains(.vuln) {
            let rows =
                [["PACKAGE", "INSTALLED", "FIXED IN", "VULNERABILITY", "SEVERITY", "LAYER"]]
                + report.vulnerabilities.map {
                    [
                        $0.package.name, $0.package.version, $0.fixedVersion ?? "", $0.id, $0.severity.rawValue,
                        layerColumn($0.package.layer, instruction: $0.package.instruction),
                    ]
                }
            lines.append(textTable(rows))
            let counts = Dictionary(grouping: report.vulnerabilities, by: \.severity).mapValues(\.count)
            let summary = FindingSeverity.allCases.reversed().compactMap { severity in
                counts[severity].map { "\($0) \(severity.rawValue)" }
            }
            lines.append(
                "\n\(report.vulnerabilities.count) vulnerabilities (\(summary.isEmpty ? "none" : summary.joined(separator: ", "))) in \(report.packages) packages, \(report.advisories) advisories"
                    + (report.ignored.isEmpty ? "" : "; \(report.ignored.count) ignored")
                    + (report.suppressed.isEmpty ? "" : "; \(report.suppressed.count) not affected by VEX"))
        }
        if scanners.contains(.secret) {
            if !lines.isEmpty { lines.append("") }
            let rows =
                [["SECRET", "SEVERITY", "WHERE", "LAYER", "MATCH"]]
                + secrets.map { finding in
                    [
                        finding.match.rule, finding.match.severity.rawValue, terminalSafe(finding.location),
                        layerText(finding), terminalSafe(finding.match.excerpt).prefix(60).description,
                    ]
                }
            lines.append(textTable(rows))
            lines.append(
                "\n\(secrets.count) secrets" + (allowedSecrets.isEmpty ? "" : "; \(allowedSecrets.count) allowed")
                    + (secrets.contains(where: \.isHidden) ? "; a file a later layer deleted is still in the image" : ""))
        }
        return lines.joined(separator: "\n")
    }

    func layerColumn(_ layer: Int, instruction: String) -> String {
        if let origin = origins.byLayer[layer] { return "\(layer) \(terminalSafe(origin.text))" }
        return "\(layer) \(terminalSafe(redact(instruction)).prefix(40))"
    }

    func layerText(_ finding: SecretFinding) -> String {
        guard let layer = finding.layer else { return origin(of: finding).map { "config \(terminalSafe($0.text))" } ?? "config" }
        let place = origins.byLayer[layer].map { "\(layer) \(terminalSafe($0.text))" } ?? String(layer)
        if case .file(_, _, let hiddenBy?) = finding.place { return "\(place) (deleted in \(hiddenBy))" }
        return place
    }

    /// The Dockerfile line that put the secret where it is, when known.
    func origin(of finding: SecretFinding) -> LayerOrigins.Origin? {
        switch finding.place {
        case .history(let step): return origins.byHistory[step]
        case .environment(let name): return origins.byVariable[name]
        default: return finding.layer.flatMap { origins.byLayer[$0] }
        }
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
            var dockerfileLine: String?
            var advisory: String
            var ignoredBecause: String?
            var vexStatus: String?
        }
        struct Secret: Encodable {
            var rule: String
            var title: String
            var category: String
            var severity: String
            var location: String
            var path: String?
            var line: Int?
            var layer: Int?
            var deletedInLayer: Int?
            var instruction: String
            var dockerfileLine: String?
            var match: String
            var allowedBecause: String?
        }
        var image: String
        var packages: Int?
        var advisories: Int?
        var vulnerabilities: [Entry]?
        var ignored: [Entry]?
        var suppressedByVEX: [Entry]?
        var expiredIgnores: [String]?
        var secrets: [Secret]?
        var allowedSecrets: [Secret]?
    }

    func document() -> Document {
        func entry(_ vulnerability: Vulnerability, reason: String? = nil, vex: VEXStatement? = nil) -> Document.Entry {
            Document.Entry(
                id: vulnerability.id, aliases: vulnerability.aliases, severity: vulnerability.severity.rawValue,
                score: vulnerability.score, summary: vulnerability.summary, package: vulnerability.package.name,
                type: vulnerability.package.kind.rawValue, installed: vulnerability.package.version,
                matchedVersion: vulnerability.matchedVersion, fixedIn: vulnerability.fixedVersion,
                purl: vulnerability.package.purl,
                layer: vulnerability.package.layer, instruction: redact(vulnerability.package.instruction),
                dockerfileLine: origins.byLayer[vulnerability.package.layer]?.text, advisory: vulnerability.source,
                ignoredBecause: reason ?? vex.map { "\($0.reason) (\($0.source))" }, vexStatus: vex?.status.rawValue)
        }
        func secret(_ finding: SecretFinding, reason: String? = nil) -> Document.Secret {
            var path: String?
            var deleted: Int?
            if case .file(let file, _, let hiddenBy) = finding.place {
                path = "/" + file
                deleted = hiddenBy
            }
            return Document.Secret(
                rule: finding.match.rule, title: finding.match.title, category: finding.match.category,
                severity: finding.match.severity.rawValue, location: finding.location, path: path,
                line: path == nil ? nil : finding.match.line, layer: finding.layer, deletedInLayer: deleted,
                instruction: finding.instruction, dockerfileLine: origin(of: finding)?.text, match: finding.match.excerpt,
                allowedBecause: reason)
        }
        let vulnerabilities = scanners.contains(.vuln)
        let secrets = scanners.contains(.secret)
        return Document(
            image: report.image, packages: vulnerabilities ? report.packages : nil,
            advisories: vulnerabilities ? report.advisories : nil,
            vulnerabilities: vulnerabilities ? report.vulnerabilities.map { entry($0) } : nil,
            ignored: vulnerabilities ? report.ignored.map { entry($0.vulnerability, reason: $0.rule.reason) } : nil,
            suppressedByVEX: vulnerabilities ? report.suppressed.map { entry($0.vulnerability, vex: $0.statement) } : nil,
            expiredIgnores: vulnerabilities ? report.expiredIgnores.map(\.id) : nil,
            secrets: secrets ? self.secrets.map { secret($0) } : nil,
            allowedSecrets: secrets ? allowedSecrets.map { secret($0.finding, reason: $0.reason) } : nil)
    }

    static func level(_ severity: FindingSeverity) -> Diagnostic.Severity {
        severity >= .high ? .error : (severity >= .medium ? .warning : .info)
    }

    var vulnerabilityDiagnostics: [Diagnostic] {
        report.vulnerabilities.map { vulnerability in
            Diagnostic(
                severity: Self.level(vulnerability.severity), code: vulnerability.id,
                message:
                    "\(vulnerability.package.name) \(vulnerability.package.version): \(vulnerability.id) (\(vulnerability.severity.rawValue)) \(vulnerability.summary)",
                hint: vulnerability.fixedVersion.map { "upgrade to \($0) or later" }
                    ?? "no fixed version yet; added by layer \(vulnerability.package.layer): \(redact(vulnerability.package.instruction))",
                file: origins.byLayer[vulnerability.package.layer]?.file ?? report.image,
                line: origins.byLayer[vulnerability.package.layer]?.line ?? 1)
        }
    }

    var secretDiagnostics: [Diagnostic] {
        secrets.map { finding in
            Diagnostic(
                severity: Self.level(finding.match.severity), code: finding.match.rule,
                message: "\(finding.match.title) at \(finding.location): \(finding.match.excerpt)",
                hint: secretHint(finding), file: origin(of: finding)?.file ?? report.image, line: origin(of: finding)?.line ?? 1)
        }
    }

    func secretHint(_ finding: SecretFinding) -> String {
        switch finding.place {
        case .file(_, let layer, let hiddenBy?):
            "deleted in layer \(hiddenBy) but still in layer \(layer) (\(finding.instruction)); pass it as a build secret (RUN --mount=type=secret) and revoke it"
        case .file(_, let layer, nil):
            "added by layer \(layer) (\(finding.instruction)); keep it out of the build context (.dockerignore) or mount it at run time, and revoke it"
        case .environment, .label:
            "set at run time (compose environment, secrets) instead of in the image, and revoke it"
        case .history:
            "build arguments are recorded in the image history; use RUN --mount=type=secret, and revoke it"
        }
    }

    var diagnostics: [Diagnostic] {
        (scanners.contains(.vuln) ? vulnerabilityDiagnostics : []) + (scanners.contains(.secret) ? secretDiagnostics : [])
    }

    /// SARIF 2.1.0: one rule per advisory or secret rule; each result at the Dockerfile line that
    /// made its layer when the Dockerfile was given, else vulnerabilities at the image and
    /// secrets at their file in the image (with the line).
    func sarif() -> String {
        var sarif = SARIF.Collector()
        func level(_ severity: Diagnostic.Severity) -> String {
            severity == .error ? "error" : (severity == .warning ? "warning" : "note")
        }
        if scanners.contains(.vuln) {
            for (vulnerability, diagnostic) in zip(report.vulnerabilities, vulnerabilityDiagnostics) {
                sarif.add(
                    SARIF.Rule(
                        id: vulnerability.id, summary: vulnerability.summary.isEmpty ? vulnerability.id : vulnerability.summary,
                        description: ([vulnerability.id] + vulnerability.aliases).joined(separator: ", "),
                        level: level(diagnostic.severity), tags: ["security", "vulnerability"]),
                    level: level(diagnostic.severity),
                    message: "\(report.image): " + diagnostic.message + (diagnostic.hint.map { "; " + $0 } ?? ""),
                    file: diagnostic.file, line: diagnostic.line)
            }
        }
        if scanners.contains(.secret) {
            for (finding, diagnostic) in zip(secrets, secretDiagnostics) {
                // At the Dockerfile line when known, else at the file in the image.
                var file = diagnostic.file
                var line = diagnostic.line
                if origin(of: finding) == nil, case .file(let path, _, _) = finding.place {
                    file = path
                    line = finding.match.line
                }
                sarif.add(
                    SARIF.Rule(
                        id: finding.match.rule, summary: finding.match.title,
                        description: "\(finding.match.title) (\(finding.match.category))", level: level(diagnostic.severity),
                        tags: ["security", "secret"]),
                    level: level(diagnostic.severity),
                    message: "\(report.image): " + diagnostic.message + "; " + (diagnostic.hint ?? ""),
                    file: file, line: line)
            }
        }
        return sarif.rendered()
    }

    /// JUnit: a case per vulnerability and per secret (failed at or above medium), or one
    /// passing case per scanner when it found nothing.
    func suites() -> [CheckSuite] {
        func cases(_ diagnostics: [Diagnostic], group: String) -> [CheckCase] {
            guard !diagnostics.isEmpty else { return [CheckCase(group: group, name: "none found", outcome: .pass)] }
            return diagnostics.map { diagnostic in
                CheckCase(
                    group: group, name: diagnostic.message,
                    outcome: diagnostic.severity == .info
                        ? .note(diagnostic.hint ?? "")
                        : .fail(message: diagnostic.message, type: diagnostic.severity.rawValue, detail: diagnostic.hint))
            }
        }
        var suites: [CheckSuite] = []
        if scanners.contains(.vuln) {
            suites.append(CheckSuite(name: "vulnerabilities", cases: cases(vulnerabilityDiagnostics, group: report.image)))
        }
        if scanners.contains(.secret) {
            suites.append(CheckSuite(name: "secrets", cases: cases(secretDiagnostics, group: report.image)))
        }
        return suites
    }
}

extension SecretFinding {
    /// Whether a later layer deleted or replaced the file (it is still in the image).
    var isHidden: Bool {
        if case .file(_, _, _?) = place { return true }
        return false
    }
}
