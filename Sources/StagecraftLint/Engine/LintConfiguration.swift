import StagecraftConfiguration

/// Settings that change what lint reports: from `.stagecraft.yml`, `.hadolint.yaml`, and flags.
public struct LintConfiguration: Sendable, Equatable {
    /// Rule ids or aliases never reported.
    public var disabled: Set<String> = []
    /// Rules that are off by default but wanted (ids or aliases).
    public var enabled: Set<String> = []
    /// Severity per rule id or alias.
    public var severityOverrides: [String: Severity] = [:]
    /// Registries images may come from; empty means any.
    public var trustedRegistries: [String] = []
    /// Base images allowed in FROM (prefix patterns with `*`); empty means any.
    public var allowedBaseImages: [String] = []
    /// Base images (patterns as in `allowed-base-images`) whose default user is not root, besides
    /// the well-known ones (distroless `:nonroot`, Chainguard, Bitnami, nginx-unprivileged).
    public var nonRootBaseImages: [String] = []
    /// Whether to run ShellCheck on RUN scripts (`--shellcheck`, `lint.shellcheck: true`).
    public var shellcheck = false
    /// The level at which findings fail the run.
    public var failureThreshold: FailureThreshold = .severity(.info)
    /// Glob patterns of paths not to lint.
    public var excludedPaths: [String] = []
    /// Whether `# hadolint ignore=` and `# stagecraft ignore=` comments are honoured.
    public var honourInlineIgnores = true
    /// Labels the images must carry, with the format of each value (hadolint's `label-schema`).
    public var labelSchema: [String: LabelFormat] = [:]
    /// Whether labels outside the schema are reported (hadolint's `strict-labels`).
    public var strictLabels = false

    public init() {}

    /// The configuration `lint:` (or `.hadolint.yaml`) describes. The settings reader has checked
    /// every severity and format against the lists it shares with ``Severity`` and ``LabelFormat``.
    public init(_ settings: LintSettings) {
        disabled = Set(settings.disable)
        enabled = Set(settings.enable)
        severityOverrides = settings.severity.compactMapValues(Severity.init(rawValue:))
        trustedRegistries = settings.trustedRegistries
        allowedBaseImages = settings.allowedBaseImages
        nonRootBaseImages = settings.nonRootBaseImages
        shellcheck = settings.shellcheck
        failureThreshold = FailureThreshold(settings.failureThreshold) ?? .severity(.info)
        excludedPaths = settings.exclude
        honourInlineIgnores = settings.inlineIgnores
        labelSchema = settings.labelSchema.compactMapValues(LabelFormat.init(rawValue:))
        strictLabels = settings.strictLabels
    }

    /// Whether a rule runs under this configuration.
    public func isEnabled(_ description: RuleDescription, byDefault: Bool) -> Bool {
        if matches(description, disabled) { return false }
        return byDefault || matches(description, enabled)
    }

    /// The severity a rule reports with.
    public func severity(for description: RuleDescription) -> Severity {
        for (name, severity) in severityOverrides where description.answers(to: name) { return severity }
        return description.severity
    }

    private func matches(_ description: RuleDescription, _ names: Set<String>) -> Bool {
        names.contains { description.answers(to: $0) }
    }
}

/// The value formats a label schema can require.
public enum LabelFormat: String, Sendable, Equatable, CaseIterable {
    case text, url, semver, hash, rfc3339, spdx, email
}
