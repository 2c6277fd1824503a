import Foundation

/// A kind of credential and how to recognise it: cheap keywords first (a text that holds none of
/// them is not searched), then a regular expression whose `secret` group is the value to redact.
/// The rules follow Trivy's built-in set (itself from gitleaks), with the same ids where they
/// exist, so an allow list written for one reads the same in the other.
public struct SecretRule: @unchecked Sendable {
    public var id: String
    public var category: String
    public var title: String
    public var severity: FindingSeverity
    /// Lowercase substrings; the rule runs only on text that contains one of them.
    public var keywords: [String]
    /// nil only if the pattern does not compile (a test checks that every one does).
    let expression: NSRegularExpression?
    /// Refuses a match by its secret value (placeholders, references to variables) and, for the
    /// rules that capture it, the name it is given (`name`; empty otherwise).
    let accepts: @Sendable (_ value: String, _ name: String) -> Bool
    /// Whether a match runs over several lines (a PEM block), so the rule reads the whole text.
    let spansLines: Bool
    /// Whether the rule knows secrets only by the name they are given (`password = "…"`): it is
    /// not reported on a line where a rule for a kind of credential matched.
    let isGeneric: Bool

    init(
        _ id: String, _ category: String, _ title: String, _ severity: FindingSeverity, keywords: [String],
        _ pattern: String, caseInsensitive: Bool = false, spansLines: Bool = false, isGeneric: Bool = false,
        accepts: @escaping @Sendable (_ value: String, _ name: String) -> Bool = { _, _ in true }
    ) {
        self.spansLines = spansLines
        self.isGeneric = isGeneric
        self.id = id
        self.category = category
        self.title = title
        self.severity = severity
        self.keywords = keywords
        var options: NSRegularExpression.Options = [.anchorsMatchLines]
        if caseInsensitive { options.insert(.caseInsensitive) }
        expression = try? NSRegularExpression(pattern: pattern, options: options)
        self.accepts = accepts
    }

    /// `(^|not a word character)` before a token, and the same after it.
    static func bounded(_ core: String) -> String { #"(?:^|[^0-9A-Za-z_])(?<secret>"# + core + #")(?:[^0-9A-Za-z_]|$)"# }

    /// Whether `value` reads as a stand-in rather than a credential: a variable or template
    /// reference, a run of one character, or a word such as `changeme` or `example`.
    static func isPlaceholder(_ value: String) -> Bool {
        let lower = value.lowercased()
        if let first = lower.first, "$<{%*[(".contains(first) { return true }
        if Set(lower).count <= 2 { return true }
        let words = [
            "example", "placeholder", "your", "xxxx", "changeme", "changeit", "redacted", "dummy", "sample", "fake", "insert",
            "<", "${", "{{", "****",
        ]
        if words.contains(where: lower.contains) { return true }
        return ["password", "passwd", "secret", "token", "pass", "null", "none", "undefined", "true", "false"].contains(lower)
    }

    /// Whether a value given to a secret-looking name reads as a credential: not a placeholder,
    /// a path, a dotted reference (`settings.API_TOKEN`) or a plain word, and given to a name that
    /// does not say it holds a digest (`hashed_secret`, `token_checksum`).
    static func isAssignedSecret(_ value: String, name: String) -> Bool {
        let lowerName = name.lowercased()
        if ["hash", "checksum", "digest", "fingerprint", "_file", "_path", "_url", "_name", "_type"].contains(
            where: lowerName.contains)
        {
            return false
        }
        if isPlaceholder(value) || value.hasPrefix("/") || value.hasPrefix("./") { return false }
        let isReference = value.contains(".") && value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        let hasDigitOrSymbol = value.contains { $0.isNumber || !($0.isLetter || $0 == "_" || $0 == "." || $0 == "-") }
        let hasMixedCase = value.contains(where: \.isUppercase) && value.contains(where: \.isLowercase)
        // A plain lower-case or upper-case word is a name or a constant more often than a password.
        return !isReference && (hasDigitOrSymbol || hasMixedCase)
    }

    /// The words that name a secret, for the name-based rules.
    static let secretWords = ["password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "access_key", "private_key"]

    /// The built-in rules.
    public static let builtIn: [SecretRule] = [
        SecretRule(
            "aws-access-key-id", "AWS", "AWS Access Key ID", .critical,
            keywords: ["akia", "asia", "agpa", "aida", "aroa", "aipa", "anpa", "anva", "a3t", "abia", "acca"],
            bounded("(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA|ABIA|ACCA)[A-Z0-9]{16}")),
        SecretRule(
            "aws-secret-access-key", "AWS", "AWS Secret Access Key", .critical, keywords: ["aws"],
            #"["']?aws_?(?:sec(?:ret)?)?_?(?:access)?_?key["']?\s*(?::|=>|=)?\s*["']?(?<secret>[A-Za-z0-9/+=]{40})["']?[.,]?(?:\s|$)"#,
            caseInsensitive: true),
        SecretRule(
            "github-pat", "GitHub", "GitHub Personal Access Token", .critical, keywords: ["ghp_"], bounded("ghp_[0-9a-zA-Z]{36}")),
        SecretRule(
            "github-oauth", "GitHub", "GitHub OAuth Access Token", .critical, keywords: ["gho_"], bounded("gho_[0-9a-zA-Z]{36}")),
        SecretRule(
            "github-app-token", "GitHub", "GitHub App Token", .critical, keywords: ["ghu_", "ghs_"],
            bounded("(?:ghu|ghs)_[0-9a-zA-Z]{36}")),
        SecretRule(
            "github-refresh-token", "GitHub", "GitHub Refresh Token", .critical, keywords: ["ghr_"],
            bounded("ghr_[0-9a-zA-Z]{36,76}")),
        SecretRule(
            "github-fine-grained-pat", "GitHub", "GitHub Fine-grained personal access tokens", .critical,
            keywords: ["github_pat_"], bounded("github_pat_[a-zA-Z0-9]{22}_[a-zA-Z0-9]{59}")),
        SecretRule(
            "gitlab-pat", "GitLab", "GitLab Personal Access Token", .critical, keywords: ["glpat-"],
            bounded("glpat-[0-9a-zA-Z_-]{20}")),
        SecretRule(
            "slack-access-token", "Slack", "Slack token", .high, keywords: ["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"],
            bounded("xox[baprs]-[0-9a-zA-Z-]{10,80}")),
        SecretRule(
            "slack-web-hook", "Slack", "Slack Webhook", .medium, keywords: ["hooks.slack.com"],
            #"https://hooks\.slack\.com/services/(?<secret>[A-Za-z0-9+/]{40,60})"#),
        SecretRule(
            "stripe-secret-token", "Stripe", "Stripe Secret Key", .critical,
            keywords: ["sk_test_", "sk_live_", "rk_live_", "rk_test_"],
            bounded("(?:sk|rk)_(?:test|live)_[0-9a-zA-Z]{10,99}")),
        SecretRule(
            "stripe-publishable-token", "Stripe", "Stripe Publishable Key", .low, keywords: ["pk_test_", "pk_live_"],
            bounded("pk_(?:test|live)_[0-9a-zA-Z]{10,99}")),
        SecretRule(
            "private-key", "AsymmetricPrivateKey", "Asymmetric Private Key", .high, keywords: ["private key"],
            #"-----\s*BEGIN[ A-Z0-9_-]*PRIVATE KEY(?: BLOCK)?\s*-----\s*(?<secret>[A-Za-z0-9=+/\\][A-Za-z0-9=+/\\\s:,-]{30,}?[A-Za-z0-9=+/\\])\s*-----\s*END"#,
            spansLines: true),
        SecretRule(
            "gcp-service-account", "Google", "Google (GCP) Service-account", .critical, keywords: ["service_account"],
            #""type"\s*:\s*"service_account"[\s\S]{0,400}?"private_key_id"\s*:\s*"(?<secret>[0-9a-f]{40})""#,
            spansLines: true),
        SecretRule(
            "npm-access-token", "Npm", "npm access token", .critical, keywords: ["npm_"], bounded("npm_[A-Za-z0-9]{36}")),
        SecretRule(
            "pypi-upload-token", "PyPI", "PyPI upload token", .high, keywords: ["pypi-ageichlwas5vcmc"],
            bounded("pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}")),
        SecretRule(
            "hugging-face-access-token", "HuggingFace", "Hugging Face Access Token", .critical, keywords: ["hf_"],
            bounded("hf_[A-Za-z0-9]{34,40}")),
        SecretRule(
            "openai-api-key", "OpenAI", "OpenAI API Key", .critical, keywords: ["t3blbkfj"],
            bounded("sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}")),
        SecretRule(
            "sendgrid-api-token", "SendGrid", "SendGrid API token", .medium, keywords: ["sg."],
            bounded(#"SG\.[a-zA-Z0-9_-]{22}\.[a-zA-Z0-9_-]{43}"#)),
        SecretRule(
            "azure-storage-account-key", "Azure", "Azure Storage Account Key", .critical, keywords: ["accountkey"],
            #"AccountKey\s*=\s*(?<secret>[A-Za-z0-9+/]{86}==)"#),
        SecretRule(
            "jwt-token", "JWT", "JWT token", .medium, keywords: ["eyj"],
            #"(?:^|[^0-9A-Za-z_.])(?<secret>ey[a-zA-Z0-9_-]{17,}\.ey[a-zA-Z0-9_-]{17,}\.[a-zA-Z0-9_-]{10,}={0,2})(?:[^0-9A-Za-z_.=-]|$)"#
        ),
        SecretRule(
            "docker-config-auth", "Docker", "Registry credentials in a Docker config", .high, keywords: ["\"auth\""],
            #""auth"\s*:\s*"(?<secret>[A-Za-z0-9+/]{8,}={0,2})""#),
        SecretRule(
            "gitlab-token", "GitLab", "GitLab token", .critical,
            keywords: ["gldt-", "glsoat-", "glimt-", "glptt-", "glagent-", "gloas-", "glrt-", "glcbt-", "glft-", "gr1348941"],
            bounded("(?:gldt|glsoat|glimt|glptt|glagent|gloas|glrt|glcbt|glft)-[0-9a-zA-Z_-]{20,}|GR1348941[0-9a-zA-Z_-]{20,}")),
        SecretRule(
            "google-api-key", "Google", "Google API key", .high, keywords: ["aiza"], bounded("AIza[0-9A-Za-z_-]{35}")),
        SecretRule(
            "anthropic-api-key", "Anthropic", "Anthropic API key", .critical, keywords: ["sk-ant-"],
            bounded("sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{80,100}")),
        SecretRule(
            "mailchimp-api-key", "Mailchimp", "Mailchimp API key", .medium, keywords: ["-us"],
            bounded("[0-9a-f]{32}-us[0-9]{1,2}")),
        SecretRule(
            "telegram-bot-token", "Telegram", "Telegram bot token", .medium, keywords: [":aa"],
            bounded("[0-9]{8,10}:AA[0-9A-Za-z_-]{32,33}")),
        SecretRule(
            "twilio-api-key", "Twilio", "Twilio API key", .medium, keywords: ["sk"], bounded("SK[0-9a-f]{32}")),
        SecretRule(
            "square-access-token", "Square", "Square access token", .high, keywords: ["sq0atp-", "sq0csp-", "eaaa"],
            bounded("sq0(?:atp|csp)-[0-9A-Za-z_-]{22,43}|EAAA[0-9A-Za-z_+=-]{60}")),
        SecretRule(
            "npmrc-auth-token", "Npm", "npm registry token in an .npmrc", .critical, keywords: ["_authtoken", "_auth="],
            #":_auth(?:Token)?\s*=\s*(?<secret>[^\s"'$]{8,})"#, accepts: { value, _ in !isPlaceholder(value) }),
        SecretRule(
            "url-password", "Password", "Password in a URL", .high, keywords: ["://"],
            #"[a-z][a-z0-9+.-]{1,20}://[^:/\s@"'<>]{1,64}:(?<secret>[^@/\s"'<>]{3,128})@[A-Za-z0-9][A-Za-z0-9.-]*"#,
            caseInsensitive: true, accepts: { value, _ in !isPlaceholder(value) }),
        SecretRule(
            "password-assignment", "Password", "Password or secret assigned in a file", .medium, keywords: secretWords,
            #"(?:^|[^A-Za-z0-9_])(?<name>[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api_?key|access_?key|private_?key)[A-Za-z0-9_.-]*)["']?\s*(?::=|=>|=|:)\s*(?:"(?<secret>[^"\s$<>{}%]{8,128})"|'(?<secret2>[^'\s$<>{}%]{8,128})')"#,
            caseInsensitive: true, isGeneric: true, accepts: isAssignedSecret),
        SecretRule(
            "env-file-password", "Password", "Password or secret in a configuration or environment file", .medium,
            keywords: secretWords,
            #"^\s*(?:export\s+)?(?<name>[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api_?key|access_?key|private_?key)[A-Za-z0-9_.-]*)\s*[=:]\s*(?:!!binary\s+)?(?<secret>[^\s"'$<>{}%#()\[\],;]{8,128})\s*$"#,
            caseInsensitive: true, isGeneric: true, accepts: isAssignedSecret),
    ]
}
