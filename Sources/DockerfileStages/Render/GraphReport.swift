/// The graph seen from one build target: what is built, in which order, and what is pruned.
public struct GraphReport: Sendable, Equatable {
    /// The whole graph.
    public var graph: StageGraph
    /// The target stage index.
    public var target: Int
    /// Stages built for the target, in file order.
    public var needed: [Int]
    /// Levels of stages that can build in parallel.
    public var levels: [[Int]]

    /// Creates the report for `target` (`nil` means the last stage).
    /// - Throws: ``DockerfileStagesError`` when the target does not exist.
    public init(graph: StageGraph, target: String?) throws(DockerfileStagesError) {
        self.graph = graph
        self.target = try graph.targetStage(target)
        needed = graph.stagesNeeded(for: self.target)
        levels = graph.buildLevels(for: self.target)
    }

    /// Stages the target does not need.
    public var pruned: [Int] { graph.stages.indices.filter { !needed.contains($0) } }

    /// How a reference reads in output: a stage's name, or the image.
    func label(_ reference: StageReference) -> String {
        switch reference {
        case .stage(let index): graph.stages[index].displayName
        case .image(let name): name
        case .scratch: "scratch"
        }
    }
}
