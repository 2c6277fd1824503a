import DockerfileSyntax

extension StageGraphBuilder {
    struct ArgumentWord {
        var name: String
        var defaultValue: String?
    }

    /// The `name[=default]` words of an ARG instruction.
    static func arguments(of node: Node) throws(DockerfileStagesError) -> [ArgumentWord] {
        guard !node.next.isEmpty else {
            throw DockerfileStagesError(
                line: node.startLine, "ARG requires at least one argument", hint: "write ARG <name>[=<default>]")
        }
        return try node.next.map { argument throws(DockerfileStagesError) in
            let word = argument.value
            guard let equals = word.firstIndex(of: "=") else { return ArgumentWord(name: word, defaultValue: nil) }
            let name = String(word[..<equals])
            guard !name.isEmpty else {
                throw DockerfileStagesError(
                    line: node.startLine, "ARG names can not be blank", hint: "write ARG <name>=<default>")
            }
            return ArgumentWord(name: name, defaultValue: String(word[word.index(after: equals)...]))
        }
    }

    /// A stage ARG: a build-arg wins, else its default, else the global ARG of the same name,
    /// else a predefined platform argument.
    func bindStage(
        _ argument: ArgumentWord, line: Int, environment: EnvironmentList, globals: EnvironmentList,
        declared: [ArgBinding], expand: Expander
    ) throws(DockerfileStagesError) -> ArgBinding {
        if let value = buildArgs[argument.name] {
            return ArgBinding(name: argument.name, value: value, source: .buildArg, line: line)
        }
        if let written = argument.defaultValue {
            return ArgBinding(
                name: argument.name, value: try expand(written, environment, line), source: .defaultValue, line: line)
        }
        if let global = declared.last(where: { $0.name == argument.name }), let value = global.value {
            return ArgBinding(name: argument.name, value: value, source: .global, line: line)
        }
        if let value = platform.value(of: argument.name) {
            return ArgBinding(name: argument.name, value: value, source: .platform, line: line)
        }
        return ArgBinding(name: argument.name, value: nil, source: .unset, line: line)
    }
}
