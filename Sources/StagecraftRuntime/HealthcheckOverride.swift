/// A compose service's `healthcheck:`, applied to the container as `docker compose up` applies it:
/// it replaces the image's HEALTHCHECK field by field, or `disable: true` (or `test: ["NONE"]`)
/// turns it off.
public struct HealthcheckOverride: Sendable, Equatable {
    public var disabled: Bool
    /// `["CMD", …]`, `["CMD-SHELL", "…"]`, or one string (a shell command); empty keeps the image's.
    public var test: [String]
    public var interval: String?
    public var timeout: String?
    public var retries: Int?
    public var startPeriod: String?

    public init(
        disabled: Bool, test: [String], interval: String?, timeout: String?, retries: Int?, startPeriod: String?
    ) {
        self.disabled = disabled
        self.test = test
        self.interval = interval
        self.timeout = timeout
        self.retries = retries
        self.startPeriod = startPeriod
    }

    /// The `docker run` flags that apply it. Fields left out keep the image's values (the
    /// engine fills them in from the image).
    var runArguments: [String] {
        if disabled || test.first == "NONE" { return ["--no-healthcheck"] }
        var arguments: [String] = []
        if let command = shellCommand { arguments += ["--health-cmd", command] }
        if let interval { arguments += ["--health-interval", interval] }
        if let timeout { arguments += ["--health-timeout", timeout] }
        if let retries { arguments += ["--health-retries", String(retries)] }
        if let startPeriod { arguments += ["--health-start-period", startPeriod] }
        return arguments
    }

    /// `docker run` takes the check as a shell command: `CMD-SHELL`'s as written, `CMD`'s words
    /// quoted for `sh` (so the image needs a shell for an exec-form check), a lone string as is.
    var shellCommand: String? {
        guard let first = test.first else { return nil }
        switch first {
        case "CMD-SHELL": return test.dropFirst().joined(separator: " ")
        case "CMD": return test.dropFirst().map(Self.shellQuoted).joined(separator: " ")
        default: return test.joined(separator: " ")
        }
    }

    static func shellQuoted(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_./:=@%+,".unicodeScalars.contains(scalar)
        }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
