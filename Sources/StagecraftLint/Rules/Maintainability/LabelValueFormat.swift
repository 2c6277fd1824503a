import DockerfileSyntax

struct LabelValueFormat: Rule {
    static let description = RuleDescription(
        id: "label-value-format",
        aliases: [
            .hadolint("DL3052"), .hadolint("DL3053"), .hadolint("DL3054"), .hadolint("DL3055"), .hadolint("DL3056"),
            .hadolint("DL3058"),
        ],
        severity: .warning, category: .maintainability,
        summary: "Label values must match the format the schema gives them (url, rfc3339, spdx, hash, semver, email).",
        rationale: "Tools parse these labels; a malformed value breaks the tools that read it.",
        examples: [
            .triggering("FROM alpine:3.20\n↓LABEL version=one\n", configuration: schemaConfiguration(["version": .semver])),
            .passing(
                "FROM alpine:3.20\nLABEL version=1.2.3-rc.1 source=https://example.com/shop created=2026-11-29T10:00:00Z license=MIT revision=3f9c2a1b maintainer=ops@example.com\n",
                configuration: schemaConfiguration([
                    "version": .semver, "source": .url, "created": .rfc3339, "license": .spdx, "revision": .hash,
                    "maintainer": .email,
                ])),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        let schema = context.configuration.labelSchema
        return context.document.stages.flatMap(declaredLabels).compactMap { label in
            guard let format = schema[label.key], !label.value.isEmpty, !label.value.contains("$"),
                !Self.valid(label.value, format)
            else { return nil }
            return Violation(line: label.line, message: "label \(label.key)=\(label.value) is not a valid \(format.rawValue)")
        }
    }

    static func valid(_ value: String, _ format: LabelFormat) -> Bool {
        switch format {
        case .text: return true
        case .url:
            guard let scheme = value.range(of: "://") else { return false }
            return !value[..<scheme.lowerBound].isEmpty && value[scheme.upperBound...].count > 0
        case .semver:
            return value.wholeMatch(of: #/v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?/#)
                != nil
        case .hash: return value.wholeMatch(of: #/[0-9a-f]{7,40}/#) != nil
        case .rfc3339:
            return value.wholeMatch(of: #/\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})/#) != nil
        case .email: return value.wholeMatch(of: #/[^@\s]+@[^@\s]+\.[^@\s]+/#) != nil
        case .spdx:
            return value.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" }).allSatisfy { token in
                ["AND", "OR", "WITH"].contains(String(token))
                    || token.allSatisfy { $0.isLetter || $0.isNumber || ".-+".contains($0) }
            }
        }
    }
}
