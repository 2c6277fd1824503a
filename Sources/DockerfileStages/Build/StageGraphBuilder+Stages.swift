import DockerfileSyntax

/// A stage under construction, with the environment that later stages based on it inherit.
struct StageDraft {
    var stage: Stage
    var environment: [(String, String)] = []

    // `_modify` accessors let `draft.instructions.append(x)` change the stored array in place;
    // with get/set each append would copy the whole array (quadratic in the stage's length).
    var endLine: Int {
        get { stage.endLine }
        _modify { yield &stage.endLine }
    }
    var instructions: [Node] {
        get { stage.instructions }
        _modify { yield &stage.instructions }
    }
    var args: [ArgBinding] {
        get { stage.args }
        _modify { yield &stage.args }
    }
    var dependencies: [StageDependency] {
        get { stage.dependencies }
        _modify { yield &stage.dependencies }
    }
    var base: StageReference { stage.base }
}

extension StageGraphBuilder {
    typealias Expander = (String, EnvironmentList, Int) throws(DockerfileStagesError) -> String

    /// Reads `FROM [--platform=P] image [AS name]`.
    func startStage(
        _ node: Node, index: Int, globals: EnvironmentList, names: [String: Int], expand: Expander
    ) throws(DockerfileStagesError) -> StageDraft {
        let line = node.startLine
        let from = FromLine(node)
        guard from.isWellFormed else {
            throw DockerfileStagesError(
                line: line, "FROM requires either one or three arguments", hint: "write FROM <image> [AS <name>]")
        }
        var name: String?
        if let lowered = from.name, let written = from.writtenName {
            guard Self.isValidStageName(lowered) else {
                throw DockerfileStagesError(
                    line: line,
                    "invalid name for build stage: \"\(written)\", name can't start with a number or contain symbols",
                    hint: "name stages with letters, digits, '-', '_' and '.', starting with a letter")
            }
            if names[lowered] != nil {
                throw DockerfileStagesError(
                    line: line, "duplicate stage name \"\(lowered)\"", hint: "give each stage its own name")
            }
            name = lowered
        }
        let expanded = try expand(from.base, globals, line)
        guard !expanded.isEmpty else {
            throw DockerfileStagesError(
                line: line, "base name (\(from.base)) should not be blank",
                hint: "give the ARG used in FROM a default or pass --build-arg")
        }
        var platform: String?
        if let written = from.platform { platform = try expand(written, globals, line) }
        let base: StageReference
        if let parent = names[expanded.lowercased()] {
            base = .stage(parent)
        } else if expanded == "scratch" {
            base = .scratch
        } else {
            base = .image(expanded)
        }
        let dependency = StageDependency(kind: .from, target: base, written: from.base, line: line)
        let stage = Stage(
            index: index, name: name, baseWritten: from.base, baseExpanded: expanded, base: base, platform: platform,
            startLine: line, endLine: node.endLine, instructions: [], args: [], dependencies: [dependency])
        return StageDraft(stage: stage)
    }

    /// Resolves a `--from` value: a stage index, a stage name (any stage), or an image.
    /// `names` maps each lower-cased stage name to its index; `count` is the number of stages.
    func resolve(_ written: String, kind: StageDependency.Kind, line: Int, names: [String: Int], count: Int)
        throws(DockerfileStagesError) -> StageReference
    {
        if kind != .mountFrom, let index = Int(written) {
            guard index >= 0 && index < count else {
                throw DockerfileStagesError(
                    line: line, "invalid stage index \(index)",
                    hint: "the Dockerfile has \(count) stage(s), numbered from 0")
            }
            return .stage(index)
        }
        if let index = names[written.lowercased()] { return .stage(index) }
        return written == "scratch" ? .scratch : .image(written)
    }

    /// The value of `--name=value` among an instruction's flags (the last one wins).
    static func flagValue(_ name: String, in flags: [String]) -> String? {
        let prefix = "--\(name)="
        return flags.last { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    /// The key/value pairs of an ENV node (k, v, delimiter triples).
    static func pairs(of node: Node) -> [(String, String)] {
        let values = node.next.map(\.value)
        return stride(from: 0, to: values.count - 1, by: 3).map { (values[$0], values[$0 + 1]) }
    }
}
