/// Everything stagecraft knows about a rule except how to check it: the catalogue entry that
/// `stagecraft rules` lists and `stagecraft explain` prints, and whose examples run as tests.
public struct RuleDescription: Sendable, Equatable {
    /// The kebab-case id, e.g. `apt-get-no-install-recommends`.
    public var id: String
    /// The same check in other tools.
    public var aliases: [RuleAlias]
    /// The default severity.
    public var severity: Severity
    /// What the rule is about.
    public var category: RuleCategory
    /// One sentence, ending with a period.
    public var summary: String
    /// Why it matters.
    public var rationale: String
    /// Dockerfiles that trigger the rule (lines marked with `↓`) and ones that do not.
    public var examples: [RuleExample]
    /// Whether `--fix` can repair it without changing behaviour.
    public var fixable: Bool

    /// Creates a description.
    public init(
        id: String, aliases: [RuleAlias] = [], severity: Severity, category: RuleCategory, summary: String,
        rationale: String, examples: [RuleExample], fixable: Bool = false
    ) {
        self.id = id
        self.aliases = aliases
        self.severity = severity
        self.category = category
        self.summary = summary
        self.rationale = rationale
        self.examples = examples
        self.fixable = fixable
    }

    /// The hadolint code, if the rule has one.
    public var hadolintCode: String? { aliases.first { $0.tool == .hadolint }?.code }

    /// Whether `name` is this rule's id or one of its aliases (case-insensitive).
    public func answers(to name: String) -> Bool {
        let lowered = name.lowercased()
        return id == lowered || aliases.contains { $0.code.lowercased() == lowered }
    }
}

/// A rule's name in another tool.
public struct RuleAlias: Sendable, Equatable, Hashable, Codable {
    /// The other tool.
    public enum Tool: String, Sendable, Codable {
        case hadolint, buildkit, trivy
    }

    public var tool: Tool
    public var code: String

    public static func hadolint(_ code: String) -> RuleAlias { RuleAlias(tool: .hadolint, code: code) }
    public static func buildkit(_ code: String) -> RuleAlias { RuleAlias(tool: .buildkit, code: code) }
    public static func trivy(_ code: String) -> RuleAlias { RuleAlias(tool: .trivy, code: code) }
}

/// The groups `stagecraft rules` shows.
public enum RuleCategory: String, Sendable, Equatable, Codable, CaseIterable {
    case multiStage = "multi-stage"
    case packages
    case security
    case correctness
    case maintainability
    case style
    case project
}

/// A Dockerfile (or, for project rules, a project) that shows a rule firing or not. In a
/// triggering example, each line of the main file where a finding is expected starts with `↓`
/// (removed before use).
public struct RuleExample: Sendable, Equatable {
    /// The main file's text, with `↓` markers.
    public var text: String
    /// Whether the rule should fire.
    public var triggers: Bool
    /// Settings the example needs (trusted registries and the like).
    public var configuration: LintConfiguration
    /// The main file's name in a project example (`Dockerfile`, `compose.yaml`).
    public var mainFile: String = "Dockerfile"
    /// Other files of a project example, by relative path.
    public var files: [String: String] = [:]

    public static func triggering(_ text: String, configuration: LintConfiguration = LintConfiguration()) -> RuleExample {
        RuleExample(text: text, triggers: true, configuration: configuration)
    }

    public static func passing(_ text: String, configuration: LintConfiguration = LintConfiguration()) -> RuleExample {
        RuleExample(text: text, triggers: false, configuration: configuration)
    }

    /// A project example: `text` is `mainFile`, the other files sit beside it.
    public static func project(_ mainFile: String, _ text: String, files: [String: String], triggers: Bool) -> RuleExample {
        RuleExample(text: text, triggers: triggers, configuration: LintConfiguration(), mainFile: mainFile, files: files)
    }

    /// The text without markers.
    public var source: String {
        String(
            text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasPrefix("↓") ? $0.dropFirst() : $0 }.joined(
                separator: "\n"))
    }

    /// The 1-based lines marked with `↓`.
    public var markedLines: [Int] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap {
            $0.element.hasPrefix("↓") ? $0.offset + 1 : nil
        }
    }
}
