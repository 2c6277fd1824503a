import DockerfileSyntax

// Helpers the security rules share.

/// Matches an image or registry name against a pattern where `*` stands for any run of
/// characters, `/` included (`*`, `*.gcr.io`, `node:22-*`, `*:*-nonroot`), and `?` for one.
func matchesPattern(_ value: String, _ pattern: String) -> Bool {
    ImagePattern(pattern).matches(value)
}

/// A compiled image-name pattern (see ``matchesPattern(_:_:)``).
struct ImagePattern: Sendable {
    private let glob: GlobPattern
    init(_ pattern: String) { glob = GlobPattern(pattern.replacingOccurrences(of: "*", with: "**")) }
    func matches(_ value: String) -> Bool { glob.matches(value) }
}

extension RuleContext {
    /// The last USER instruction in effect for a stage (searching its ancestors), if any.
    func effectiveUser(of stage: LintStage) -> Node? {
        for ancestor in lineage(of: stage) {
            if let user = ancestor.instructions("user").last { return user }
        }
        return nil
    }
}

/// Whether a USER value names root (`root` or UID 0, with or without a group).
func isRootUser(_ user: String) -> Bool {
    let name = user.split(separator: ":", maxSplits: 1).first.map(String.init) ?? user
    return name == "root" || name == "0"
}
