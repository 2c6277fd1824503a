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
    /// Refuses a match by its secret value (placeholders, references to variables).
    let accepts: @Sendable (String) -> Bool
    /// Whether a match runs over several lines (a PEM block), so the rule reads the whole text.
    let spansLines: Bool
    /// Whether the rule knows secrets only by the name they are given (`password = "…"`): it is
    /// not reported on a line where a rule for a kind of credential matched.
    let isGeneric: Bool

    init(
        _ id: String, _ category: String, _ title: String, _ severity: FindingSeverity, keywords: [String],
        _ pattern: String, caseInsensitive: Bool = false, spansLines: Bool = false, isGeneric: Bool = false,
        accepts: @escaping @Sendable (String) -> Bool = { _ in true }
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
            "example", "placeholder", "your", "xxxx", "changeme", "changeit", "redacted", "dummy", "sample", "<", "${", "{{",
            "****",
        ]
        if words.contains(where: lower.contains) { return true }
        return ["password", "passwd", "secret", "token", "pass", "null", "none", "undefined", "true", "false"].contains(lower)
    }

    /// The built-in rules.
    public static let builtIn: [SecretRule] = [
        SecretRule(
            "aws-access-key-id", "AWS", "AWS Access Key ID", .critical,
            keywords: ["akia", "asia", "agpa", "aida", "aroa", "aipa", "anpa", "anva", "a3t"],
            bounded("(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}")),
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
            "url-password", "Password", "Password in a URL", .high, keywords: ["://"],
            #"[a-z][a-z0-9+.-]{1,20}://[^:/\s@"'<>]{1,64}:(?<secret>[^@/\s"'<>]{3,128})@[A-Za-z0-9][A-Za-z0-9.-]*"#,
            caseInsensitive: true, accepts: { !isPlaceholder($0) }),
        SecretRule(
            "password-assignment", "Password", "Password or secret assigned in a file", .medium,
            keywords: ["password", "passwd", "secret", "token", "api_key", "apikey", "access_key"],
            #"(?:^|[^A-Za-z0-9_])[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api_?key|access_?key)["']?\s*(?::=|=|:)\s*(?:"(?<secret>[^"\s$<>{}%]{8,128})"|'(?<secret2>[^'\s$<>{}%]{8,128})')"#,
            caseInsensitive: true, isGeneric: true, accepts: { !isPlaceholder($0) && !$0.hasPrefix("/") }),
        SecretRule(
            "env-file-password", "Password", "Password or secret in an environment file", .medium,
            keywords: ["password", "passwd", "secret", "token", "api_key", "apikey", "access_key"],
            #"^\s*(?:export\s+)?[A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY)[A-Z0-9_]*=(?<secret>[^\s"'$<>{}%#]{8,128})\s*$"#,
            isGeneric: true, accepts: { !isPlaceholder($0) && !$0.hasPrefix("/") }),
    ]
}
