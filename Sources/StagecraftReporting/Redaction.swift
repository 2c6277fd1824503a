/// Secrets kept out of every report: names that look secret by BuildKit's rule
/// (`SecretsUsedInArgOrEnv`: a deny token between underscores, unless an allow token is there
/// too), and the values given under such names, replaced wherever they appear.
public enum Redaction {
    /// BuildKit's deny and allow tokens.
    public static let deniedTokens: Set<String> = [
        "apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token",
    ]
    public static let allowedTokens: Set<String> = ["public", "file", "version"]

    public static func isSecretName(_ name: String) -> Bool {
        var denies = false
        for part in name.lowercased().split(separator: "_") {
            let word = String(part)
            if allowedTokens.contains(word) { return false }
            if deniedTokens.contains(word) { denies = true }
        }
        return denies
    }

    /// The values of `variables` whose names look secret (values under 4 characters are too
    /// common to replace safely).
    public static func secretValues(_ variables: [String: String]) -> [String] {
        variables.filter { isSecretName($0.key) && $0.value.count >= 4 }.map(\.value).sorted { $0.count > $1.count }
    }

    /// `text` with every secret value replaced by `***`.
    public static func redact(_ text: String, values: [String]) -> String {
        var result = text
        for value in values where result.contains(value) { result = result.replacingOccurrences(of: value, with: "***") }
        return result
    }
}
