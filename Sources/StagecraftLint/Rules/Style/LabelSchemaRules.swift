import DockerfileSyntax

/// The labels a stage declares (keys without quotes, values as written, unquoted), with their lines.
func declaredLabels(_ stage: LintStage) -> [(key: String, value: String, line: Int)] {
    stage.instructions("label").flatMap { node in
        stride(from: 0, to: node.next.count - 1, by: 3).map { index in
            (
                node.next[index].value.trimmingCharacters(in: "\"'"), node.next[index + 1].value.trimmingCharacters(in: "\"'"),
                node.startLine
            )
        }
    }
}

private func schemaConfiguration(_ schema: [String: LabelFormat], strict: Bool = false) -> LintConfiguration {
    var configuration = LintConfiguration()
    configuration.labelSchema = schema
    configuration.strictLabels = strict
    return configuration
}

struct LabelRequired: Rule {
    static let description = RuleDescription(
        id: "label-required", aliases: [.hadolint("DL3049")], severity: .info, category: .maintainability,
        summary: "The image must carry every label of the configured label schema.",
        rationale: "Registries, scanners and people find an image's source, version and owner through its labels.",
        examples: [
            .triggering(
                "↓FROM alpine:3.20\nLABEL version=1.0.0\n",
                configuration: schemaConfiguration(["version": .semver, "maintainer": .email])),
            .passing(
                "FROM alpine:3.20\nLABEL version=1.0.0 maintainer=ops@example.com\n",
                configuration: schemaConfiguration(["version": .semver, "maintainer": .email])),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        let schema = context.configuration.labelSchema
        guard !schema.isEmpty else { return [] }
        return context.targetStages.compactMap { stage in
            let present = Set(context.lineage(of: stage).flatMap { declaredLabels($0).map(\.key) })
            let missing = schema.keys.filter { !present.contains($0) }.sorted()
            return missing.isEmpty ? nil : Violation(stage.from, "missing label \(missing.joined(separator: ", "))")
        }
    }
}

struct LabelUnexpected: Rule {
    static let description = RuleDescription(
        id: "label-unexpected", aliases: [.hadolint("DL3050")], severity: .info, category: .maintainability,
        summary: "With strict labels, only labels in the schema are allowed.",
        rationale: "A strict schema keeps label sets consistent across a team's images.",
        examples: [
            .triggering(
                "FROM alpine:3.20\n↓LABEL version=1.0.0 team=shop\n",
                configuration: schemaConfiguration(["version": .semver], strict: true)),
            .passing(
                "FROM alpine:3.20\nLABEL version=1.0.0\n", configuration: schemaConfiguration(["version": .semver], strict: true)),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        guard context.configuration.strictLabels else { return [] }
        let schema = context.configuration.labelSchema
        return context.document.stages.flatMap(declaredLabels).filter { schema[$0.key] == nil }.map {
            Violation(line: $0.line, message: "label \($0.key) is not in the label schema")
        }
    }
}

struct LabelEmpty: Rule {
    static let description = RuleDescription(
        id: "label-empty", aliases: [.hadolint("DL3051")], severity: .warning, category: .maintainability,
        summary: "Labels of the schema must not be empty.",
        rationale: "An empty required label satisfies the check while carrying no information.",
        examples: [
            .triggering("FROM alpine:3.20\n↓LABEL version=\"\"\n", configuration: schemaConfiguration(["version": .text])),
            .passing("FROM alpine:3.20\nLABEL version=1.0.0\n", configuration: schemaConfiguration(["version": .text])),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        let schema = context.configuration.labelSchema
        return context.document.stages.flatMap(declaredLabels).filter { schema[$0.key] != nil && $0.value.isEmpty }.map {
            Violation(line: $0.line, message: "label \($0.key) is empty")
        }
    }
}

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
