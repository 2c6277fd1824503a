import DockerfileSyntax

struct LabelKeyFormat: Rule {
    static let description = RuleDescription(
        id: "label-key-format", aliases: [.hadolint("DL3048")], severity: .style, category: .style,
        summary: "Use lower-case, dot-separated label keys outside Docker's reserved namespaces.",
        rationale:
            "The OCI and Docker conventions (reverse-DNS, lower case, no `..` or `--`) keep labels portable and avoid clashes with com.docker.* keys.",
        examples: [
            .triggering("FROM alpine:3.20\n↓LABEL Maintainer=me\n"),
            .passing("FROM alpine:3.20\nLABEL org.opencontainers.image.title=demo\n"),
        ])

    static func isValid(_ key: String) -> Bool {
        let reserved = ["com.docker.", "io.docker.", "org.dockerproject."]
        guard !reserved.contains(where: key.hasPrefix), !key.contains(".."), !key.contains("--") else { return false }
        guard let first = key.first, first.isLowercase || first.isNumber, let last = key.last, last.isLowercase || last.isNumber
        else {
            return key.count == 1 && key.first?.isLowercase == true
        }
        return key.allSatisfy { $0.isLowercase || $0.isNumber || ".-_/".contains($0) } && key.unicodeScalars.allSatisfy(\.isASCII)
    }

    func check(_ context: RuleContext) -> [Violation] {
        context.document.parsed.nodes.compactMap { node in
            guard node.command == "label" else { return nil }
            let keys = stride(from: 0, to: node.next.count, by: 3).map { node.next[$0].value.trimmingCharacters(in: "\"'") }
            let bad = keys.filter { !Self.isValid($0) }
            return bad.isEmpty ? nil : Violation(node, "invalid label key \(bad.joined(separator: ", "))")
        }
    }
}
