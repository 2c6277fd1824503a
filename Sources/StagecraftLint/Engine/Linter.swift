import DockerfileSyntax

/// Runs the rule catalogue over Dockerfiles and applies configuration and suppressions.
public struct Linter: Sendable {
    /// The settings in force.
    public var configuration: LintConfiguration
    /// The rules to run.
    public var rules: [any Rule]
    /// ShellCheck, when the configuration asks for it and it is installed.
    public var shellCheck: ShellCheck?

    public init(configuration: LintConfiguration = LintConfiguration(), rules: [any Rule] = RuleCatalog.all) {
        self.configuration = configuration
        self.rules = rules
        shellCheck = configuration.shellcheck ? ShellCheck.find() : nil
    }

    /// Lints one Dockerfile. `targets` are the stages built as images (default: the last stage).
    public func lint(_ document: DockerfileDocument, targets: [Int]? = nil, namedContexts: Set<String> = []) -> [Finding] {
        let context = RuleContext(
            document: document, configuration: configuration,
            targets: targets ?? (document.stages.isEmpty ? [] : [document.stages.count - 1]), namedContexts: namedContexts)
        let suppressions = Suppressions(document, honourInline: configuration.honourInlineIgnores)
        var findings: [Finding] = []
        for rule in rules {
            let description = rule.description
            guard configuration.isEnabled(description, byDefault: type(of: rule).enabledByDefault) else { continue }
            var severity = configuration.severity(for: description)
            if suppressions.buildkitErrors && description.aliases.contains(where: { $0.tool == .buildkit }) {
                severity = .error
            }
            for violation in rule.check(context) where !suppressions.suppresses(description, line: violation.line) {
                findings.append(
                    Finding(
                        ruleID: description.id, severity: severity, message: violation.message ?? description.summary,
                        file: document.path, line: violation.line, endLine: violation.endLine, column: violation.column,
                        fix: violation.fix, suggestion: violation.suggestion))
            }
        }
        if let shellCheck { findings += shellCheck.findings(document, suppressions: suppressions) }
        return findings.sorted { ($0.line, $0.ruleID) < ($1.line, $1.ruleID) }
    }
}
