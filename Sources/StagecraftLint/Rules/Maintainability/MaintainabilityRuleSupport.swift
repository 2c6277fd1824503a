import DockerfileSyntax

// Helpers the maintainability rules share (the label schema rules).

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

/// A configuration with a label schema, for the label rules' examples.
func schemaConfiguration(_ schema: [String: LabelFormat], strict: Bool = false) -> LintConfiguration {
    var configuration = LintConfiguration()
    configuration.labelSchema = schema
    configuration.strictLabels = strict
    return configuration
}
