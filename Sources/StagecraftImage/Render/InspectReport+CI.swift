import StagecraftReporting

extension InspectReport {
    /// JUnit XML for CI test views: one test case per `--ci` threshold (failed or skipped as
    /// evaluated), and one per finding, which passes and carries its advice in `system-out`.
    public func junit() -> String {
        JUnit.render(
            name: "stagecraft inspect", suites: [CheckSuite(name: "stagecraft inspect \(image.name)", cases: checkCases)])
    }

    /// The thresholds and findings as check cases (JUnit, Markdown).
    var checkCases: [CheckCase] {
        let thresholds = (gate?.rules ?? []).map { rule -> CheckCase in
            let outcome: CheckCase.Outcome =
                switch rule.status {
                case .pass: .pass
                case .fail: .fail(message: rule.detail)
                case .skip: .skip(message: rule.detail)
                }
            return CheckCase(group: "threshold", name: rule.name, outcome: outcome)
        }
        return thresholds
            + findings.items.map { item in
                CheckCase(
                    group: "finding", name: item.id, outcome: .note("\(item.severity.rawValue): \(item.message); \(item.advice)"))
            }
    }

    /// Crossed thresholds (errors) and findings as diagnostics at the image.
    var diagnostics: [Diagnostic] {
        let crossed = (gate?.rules ?? []).filter { $0.status == .fail }.map { rule in
            Diagnostic(severity: .error, code: rule.name, message: "\(image.name): \(rule.detail)", file: image.name)
        }
        return crossed
            + findings.items.map { item in
                Diagnostic(
                    severity: item.severity == .warning ? .warning : .info, code: item.id,
                    message: "\(image.name): \(item.message). \(item.advice)", hint: item.advice, file: image.name)
            }
    }

    /// GitHub Actions workflow commands: an error per crossed threshold, a warning or notice per finding.
    public func github() -> String {
        GitHubAnnotations.render(diagnostics, located: false, titlePrefix: "stagecraft inspect: ")
    }

    /// Markdown for a CI step summary: the thresholds and findings as a table.
    public func markdown() -> String {
        MarkdownSummary.render(
            title: "stagecraft inspect \(image.name)", suites: [CheckSuite(name: image.name, cases: checkCases)])
    }

    /// SARIF 2.1.0 for GitHub code scanning: an error per crossed `--ci` threshold and a warning
    /// or note per finding. Results sit at line 1 of the image as given (the archive's path, or
    /// the image's name), as image scanners place them.
    public func sarif() -> String {
        var sarif = SARIF.Collector()
        for rule in gate?.rules ?? [] where rule.status == .fail {
            let id = "threshold/\(rule.name)"
            sarif.add(
                SARIF.Rule(
                    id: id, summary: "The image crosses the \(rule.name) threshold.",
                    description: "A --ci threshold from .stagecraft.yml (inspect:) or .dive-ci.", level: "error",
                    tags: ["threshold"]),
                level: "error", message: "\(image.name): \(rule.detail)", file: image.name)
        }
        for item in findings.items {
            let level = item.severity == .warning ? "warning" : "note"
            sarif.add(
                SARIF.Rule(
                    id: item.id, summary: ImageFindings.summaries[item.id] ?? item.id, description: item.advice, level: level,
                    tags: ["image"]),
                level: level, message: "\(item.message). \(item.advice)", file: image.name)
        }
        return sarif.rendered()
    }
}
