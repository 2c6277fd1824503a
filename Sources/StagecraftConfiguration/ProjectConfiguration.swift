/// Everything `.stagecraft.yml` can say, read once and typed. Each command takes its section.
public struct ProjectConfiguration: SettingsSection, Equatable {
    public var lint = LintSettings()
    public var inspect = InspectSettings()
    public var test = TestSettings()
    public var scan = ScanSettings()
    public var history = HistorySettings()
    public var gates = GateSettings()
    public var ci = PipelineSettings()
    /// The file each section came from (`lint`, `inspect`, `test`); a section not listed has its
    /// defaults.
    public var origins: [String: String] = [:]

    public init() {}

    /// The file `section` was read from, or nil when it has its defaults.
    public func origin(of section: String) -> String? { origins[section] }

    /// The top-level sections of `.stagecraft.yml`, in the order the docs list them.
    public static var settings: [Setting<ProjectConfiguration>] {
        [
            .section("lint", \.lint, LintSettings.settings, "What `stagecraft lint` reports and how it fails."),
            .section(
                "inspect", \.inspect, InspectSettings.settings,
                "The thresholds `stagecraft inspect --ci` checks (dive's CI rules)."),
            .section("test", \.test, TestSettings.settings, "What `stagecraft test` checks beyond the images' own health."),
            .section("scan", \.scan, ScanSettings.settings, "What `stagecraft scan` reports and when it fails."),
            .section("history", \.history, HistorySettings.settings, "Where `build` and `inspect` record what they measured."),
            .section(
                "gates", \.gates, GateSettings.settings,
                "What `stagecraft gate` fails on: a run measured worse than its baseline, the last earlier run of the same image."
            ),
            .section("ci", \.ci, PipelineSettings.settings, "What `stagecraft ci` runs."),
        ]
    }
}

/// `ci:`: the steps of `stagecraft ci` and what they build.
public struct PipelineSettings: SettingsSection, Equatable {
    public var targets: [String] = []
    public var skip: [String] = []
    public var integration = true

    public init() {}

    public static var settings: [Setting<PipelineSettings>] {
        [
            .texts(
                "targets", \.targets,
                "The targets to build for every service (`[runtime, development]`); default: each service's compose target."),
            .texts("skip", \.skip, "Steps not to run: lint, build, test, inspect, scan, gate, report."),
            .flag(
                "integration", \.integration,
                "Whether the test step also starts the stack together (`test --integration`, with the HTTP probes of `test:`)."),
        ]
    }
}

/// `history:`: where runs are recorded.
public struct HistorySettings: SettingsSection, Equatable {
    public var path = ".stagecraft/history.db"
    public var url: String?

    public init() {}

    public static var settings: [Setting<HistorySettings>] {
        [
            .text(
                "path", \.path,
                "The SQLite file runs are recorded in, beside .stagecraft.yml (`STAGECRAFT_HISTORY` overrides it)."),
            .optionalText(
                "url", \.url,
                "A PostgreSQL server to record in instead, shared by a team's CI jobs: `postgresql://user@host:5432/db` (libpq's URL form; the password from `PGPASSWORD` or ~/.pgpass). `STAGECRAFT_HISTORY_URL` overrides it."
            ),
        ]
    }
}

/// `gates:`: the regressions `stagecraft gate` fails on.
public struct GateSettings: SettingsSection, Equatable {
    public var sizeGrowth: Double? = 0.10
    public var buildTimeGrowth: Double?
    public var cacheHitDrop: Double?
    public var efficiencyFloor: Double?
    public var newVulnerabilities = true
    public var baselineBranch = "main"

    public init() {}

    public static var settings: [Setting<GateSettings>] {
        [
            .ratio(
                "size-growth", \.sizeGrowth, "Fail when an image grew by more than this share of its baseline's size (0.10: 10%)."
            ),
            .ratio(
                "build-time-growth", \.buildTimeGrowth,
                "Fail when a build took longer than its baseline's time by more than this share."),
            .ratio(
                "cache-hit-drop", \.cacheHitDrop, "Fail when a build's cache-hit rate fell by more than this (0.2: 20 points)."),
            .ratio("efficiency-floor", \.efficiencyFloor, "Fail when an image's efficiency (dive's score) is below this."),
            .flag(
                "new-vulnerabilities", \.newVulnerabilities,
                "Fail when a scan finds a high or critical vulnerability that its baseline's scan did not."),
            .text(
                "baseline-branch", \.baselineBranch,
                "The branch whose runs are the baseline; outside a git checkout, the last earlier run."),
        ]
    }
}

/// `lint:`: which rules run, their severities, and the facts some rules need.
public struct LintSettings: SettingsSection, Equatable {
    public var disable: [String] = []
    public var enable: [String] = []
    public var severity: [String: String] = [:]
    public var exclude: [String] = []
    public var trustedRegistries: [String] = []
    public var allowedBaseImages: [String] = []
    public var nonRootBaseImages: [String] = []
    public var failureThreshold = "info"
    public var inlineIgnores = true
    public var shellcheck = false
    public var labelSchema: [String: String] = [:]
    public var strictLabels = false

    public init() {}

    /// The severities a rule can have, strongest first.
    public static let severities = ["error", "warning", "info", "style"]
    /// The formats a label schema can require of a value.
    public static let labelFormats = ["text", "url", "semver", "hash", "rfc3339", "spdx", "email"]

    public static var settings: [Setting<LintSettings>] {
        [
            .texts("disable", \.disable, "Rule ids or aliases (hadolint `DL3008`, BuildKit check names) never reported."),
            .texts("enable", \.enable, "Rules that are off by default but wanted."),
            .map(
                "severity", choices: severities, \.severity,
                "A severity per rule id or alias: error, warning, info or style."),
            .texts("exclude", \.exclude, "Glob patterns of paths not to lint, relative to the folder linted."),
            .texts("trusted-registries", \.trustedRegistries, "Registries images may come from; empty means any."),
            .texts(
                "allowed-base-images", \.allowedBaseImages,
                "Base images allowed in FROM (`*` matches any text); empty means any."),
            .texts(
                "non-root-base-images", \.nonRootBaseImages,
                "Base images whose default user is not root, besides the well-known ones (distroless `:nonroot`, Chainguard, Bitnami)."
            ),
            .choice(
                "failure-threshold", severities + ["none"], \.failureThreshold,
                "Findings at this severity or above fail the run (exit 1); `none` never fails."),
            .flag(
                "inline-ignores", \.inlineIgnores,
                "Whether `# stagecraft ignore=` and `# hadolint ignore=` comments are honoured."),
            .flag("shellcheck", \.shellcheck, "Run ShellCheck on RUN scripts, as `--shellcheck` does."),
            .map(
                "label-schema", choices: labelFormats, \.labelSchema,
                "Labels every image must carry, with the format of each value (hadolint's label-schema)."),
            .flag("strict-labels", \.strictLabels, "Report labels outside `label-schema`."),
        ]
    }
}

/// `inspect:`: the thresholds `inspect --ci` checks; dive's CI rules under kebab-case names.
public struct InspectSettings: SettingsSection, Equatable {
    public var lowestEfficiency: Double? = 0.9
    public var highestWastedBytes: Int?
    public var highestUserWastedPercent: Double? = 0.1

    public init() {}

    public static var settings: [Setting<InspectSettings>] {
        [
            .ratio("lowest-efficiency", \.lowestEfficiency, "Fail when the image's efficiency is below this ratio."),
            .size("highest-wasted-bytes", \.highestWastedBytes, "Fail when more bytes than this are wasted (20MB, 20MiB)."),
            .ratio(
                "highest-user-wasted-percent", \.highestUserWastedPercent,
                "Fail when the wasted bytes exceed this ratio of the bytes above the base layer."),
        ]
    }
}

/// `test:`: HTTP probes for `test --integration`.
public struct TestSettings: SettingsSection, Equatable {
    public var probes: [ProbeSettings] = []

    public init() {}

    public static var settings: [Setting<TestSettings>] {
        [.list("probes", \.probes, ProbeSettings.settings, "HTTP checks made once the services are up (`test --integration`).")]
    }
}

/// One HTTP probe: a request to a service's port and what the answer must be.
public struct ProbeSettings: SettingsSection, Equatable {
    public var service = ""
    public var port = 0
    public var path = "/"
    public var status = 200
    public var body: String?

    public init() {}

    public init(service: String, port: Int, path: String = "/", status: Int = 200, body: String? = nil) {
        self.service = service
        self.port = port
        self.path = path
        self.status = status
        self.body = body
    }

    public static var settings: [Setting<ProbeSettings>] {
        [
            .text("service", \.service, "The compose service probed.", required: true),
            .integer("port", 1...65535, \.port, "The container port.", required: true),
            .text("path", \.path, "The request path."),
            .integer("status", 100...599, \.status, "The status code expected."),
            .optionalText("body", \.body, "A regular expression (RE2) the body must contain."),
        ]
    }
}

/// `scan:`: when a scan fails, and the vulnerabilities accepted for now.
public struct ScanSettings: SettingsSection, Equatable {
    public var failOn = "none"
    public var onlyFixed = false
    public var database = ".stagecraft/advisories.db"
    public var maxDatabaseAge = 7
    public var ignore: [IgnoreSettings] = []
    public var secrets = SecretSettings()

    public init() {}

    /// The severities a vulnerability can have, weakest first (`unknown`: no score in the advisory).
    public static let severities = ["unknown", "low", "medium", "high", "critical"]

    public static var settings: [Setting<ScanSettings>] {
        [
            .choice(
                "fail-on", severities + ["none"], \.failOn,
                "Exit 1 when a vulnerability at this severity or above is found; `none` never fails."),
            .flag("only-fixed", \.onlyFixed, "Report only vulnerabilities with a fixed version to upgrade to."),
            .text("database", \.database, "The advisory database `stagecraft db import` writes and `scan` reads."),
            .integer(
                "max-database-age", 1...3650, \.maxDatabaseAge,
                "Warn when the advisory database was imported more than this many days ago."),
            .list(
                "ignore", \.ignore, IgnoreSettings.settings,
                "Vulnerabilities accepted for now, each with a reason; an expired one is reported again, with a note."),
            .section(
                "secrets", \.secrets, SecretSettings.settings, "Where `stagecraft scan` looks for secrets, and which it accepts."),
        ]
    }
}

/// `scan.secrets:`: the secret scan's limits and allow list.
public struct SecretSettings: SettingsSection, Equatable {
    public var maxFileSize: Int? = 1 << 20
    public var disable: [String] = []
    public var skipPaths: [String] = []
    public var allow: [SecretAllowSettings] = []

    public init() {}

    public static var settings: [Setting<SecretSettings>] {
        [
            .size(
                "max-file-size", \.maxFileSize,
                "Files larger than this are not read for secrets; `disabled` reads no files (the image config and history still are)."
            ),
            .texts("disable", \.disable, "Secret rules never reported (ids as `stagecraft scan` prints them)."),
            .texts("skip-paths", \.skipPaths, "Paths in the image not read, as shell patterns (`app/fixtures/*`)."),
            .list("allow", \.allow, SecretAllowSettings.settings, "Secrets accepted, each with a reason; listed in json output."),
        ]
    }
}

/// One accepted secret: a rule, a place, or both.
public struct SecretAllowSettings: SettingsSection, Equatable {
    public var rule: String?
    public var path: String?
    public var reason = ""

    public init() {}

    public init(rule: String? = nil, path: String? = nil, reason: String) {
        self.rule = rule
        self.path = path
        self.reason = reason
    }

    public static var settings: [Setting<SecretAllowSettings>] {
        [
            .optionalText("rule", \.rule, "The rule id (default: any)."),
            .optionalText(
                "path", \.path,
                "A shell pattern for the file (`etc/app/*.pem`), or `env:NAME`, `label:NAME`, `history` (default: anywhere)."
            ),
            .text("reason", \.reason, "Why it is accepted.", required: true),
        ]
    }
}

/// One accepted vulnerability.
public struct IgnoreSettings: SettingsSection, Equatable {
    public var id = ""
    public var package: String?
    public var reason = ""
    public var expires: String?

    public init() {}

    public init(id: String, package: String? = nil, reason: String, expires: String? = nil) {
        self.id = id
        self.package = package
        self.reason = reason
        self.expires = expires
    }

    public static var settings: [Setting<IgnoreSettings>] {
        [
            .text("id", \.id, "The advisory id or an alias (`CVE-2024-3651`, `GHSA-…`, `PYSEC-…`).", required: true),
            .optionalText("package", \.package, "Only for this package (default: any)."),
            .text("reason", \.reason, "Why it is accepted.", required: true),
            .date("expires", \.expires, "The day it stops being accepted (`YYYY-MM-DD`)."),
        ]
    }
}
