import DockerfileSyntax

/// MAINTAINER is deprecated; the author belongs in a label.
struct MaintainerDeprecated: Rule {
    static let description = RuleDescription(
        id: "maintainer-deprecated",
        aliases: [.hadolint("DL4000"), .buildkit("MaintainerDeprecated"), .trivy("DS-0022")],
        severity: .error, category: .maintainability,
        summary: "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors.",
        rationale:
            "MAINTAINER was deprecated in Docker 1.13. The OCI annotation label carries the same information and is what registries and scanners read.",
        examples: [
            .triggering("FROM alpine:3.20\n↓MAINTAINER Jane <jane@example.com>\n"),
            .passing("FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Jane <jane@example.com>\"\n"),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.document.parsed.nodes.filter { $0.command == "maintainer" }.map { node in
            let author = node.next.first?.value ?? ""
            let replacement = "LABEL org.opencontainers.image.authors=\(jsonQuotedLabel(author))"
            return Violation(
                node, fix: context.replaceInstruction(node, with: replacement, title: "replace MAINTAINER with a label"))
        }
    }
}

/// Quotes a label value with double quotes, escaping `"`, `\` and `$` (LABEL expands variables;
/// the MAINTAINER text it replaces was never expanded).
func jsonQuotedLabel(_ value: String) -> String {
    "\""
        + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "$", with: "\\$") + "\""
}
