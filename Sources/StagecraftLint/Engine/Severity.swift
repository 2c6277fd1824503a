/// How serious a finding is, from `error` (most) to `style` (least), as hadolint orders them.
public enum Severity: String, Sendable, Equatable, Hashable, Codable, CaseIterable, Comparable {
    case error, warning, info, style

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .info: 2
        case .style: 3
        }
    }

    /// `error < warning < info < style`: a smaller value is more serious.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// Whether this severity is at or above (as serious as, or more than) `threshold`.
    public func isAtLeast(_ threshold: Severity) -> Bool { self <= threshold }
}

/// The level at which findings fail a run: a severity, or `none` to never fail.
public enum FailureThreshold: Sendable, Equatable {
    case severity(Severity)
    case none

    /// Parses `error`, `warning`, `info`, `style`, or `none`/`ignore`.
    public init?(_ text: String) {
        if let severity = Severity(rawValue: text.lowercased()) {
            self = .severity(severity)
        } else if ["none", "ignore"].contains(text.lowercased()) {
            self = .none
        } else {
            return nil
        }
    }

    /// Whether a finding of `severity` fails the run.
    public func fails(_ severity: Severity) -> Bool {
        guard case .severity(let threshold) = self else { return false }
        return severity.isAtLeast(threshold)
    }
}
