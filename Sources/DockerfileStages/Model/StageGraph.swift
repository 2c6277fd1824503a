/// The stages of a Dockerfile and the references between them.
public struct StageGraph: Sendable, Equatable {
    /// The stages in file order.
    public var stages: [Stage]
    /// ARGs declared before the first FROM.
    public var globalArgs: [ArgBinding]
    /// Constructs BuildKit rejects or handles surprisingly.
    public var warnings: [GraphWarning]

    /// Creates a graph.
    public init(stages: [Stage], globalArgs: [ArgBinding] = [], warnings: [GraphWarning] = []) {
        self.stages = stages
        self.globalArgs = globalArgs
        self.warnings = warnings
    }

    /// The stages a stage depends on directly (through FROM, COPY --from or RUN --mount).
    public func stageDependencies(of index: Int) -> [Int] {
        var seen: [Int] = []
        for dependency in stages[index].dependencies {
            if case .stage(let other) = dependency.target, !seen.contains(other) { seen.append(other) }
        }
        return seen
    }

    /// The stage `--target` names (case-insensitive), or the last stage when `nil`.
    /// - Throws: ``DockerfileStagesError`` when no stage has that name.
    public func targetStage(_ name: String?) throws(DockerfileStagesError) -> Int {
        guard let name else { return stages.count - 1 }
        if let index = stages.firstIndex(where: { $0.name == name.lowercased() }) { return index }
        let names = stages.compactMap(\.name)
        throw DockerfileStagesError(
            line: stages.last?.startLine ?? 1, "target stage \"\(name)\" could not be found",
            hint: names.isEmpty
                ? "the Dockerfile names no stages; add AS <name> to a FROM line"
                : "choose one of: \(names.joined(separator: ", "))")
    }

    /// The stages BuildKit builds for `target`, in file order; the rest are pruned.
    public func stagesNeeded(for target: Int) -> [Int] {
        var needed = Set<Int>()
        var queue = [target]
        while let index = queue.popLast() {
            guard needed.insert(index).inserted else { continue }
            queue.append(contentsOf: stageDependencies(of: index))
        }
        return needed.sorted()
    }

    /// The needed stages grouped into levels: every stage's dependencies lie in earlier levels,
    /// so the stages of one level can build in parallel.
    public func buildLevels(for target: Int) -> [[Int]] {
        var level: [Int: Int] = [:]
        func depth(_ index: Int) -> Int {
            if let known = level[index] { return known }
            level[index] = 0
            let value = stageDependencies(of: index).map { depth($0) + 1 }.max() ?? 0
            level[index] = value
            return value
        }
        let needed = stagesNeeded(for: target)
        for index in needed { _ = depth(index) }
        let count = (level.values.max() ?? 0) + 1
        return (0..<count).map { value in needed.filter { level[$0] == value } }
    }

    /// Fails when stages depend on each other in a circle.
    func checkForCycles() throws(DockerfileStagesError) {
        var state = [Int](repeating: 0, count: stages.count)  // 0 new, 1 on the path, 2 done
        func visit(_ index: Int) -> Int? {
            if state[index] == 1 { return index }
            if state[index] == 2 { return nil }
            state[index] = 1
            for next in stageDependencies(of: index) {
                if let cycle = visit(next) { return cycle }
            }
            state[index] = 2
            return nil
        }
        for index in stages.indices {
            if let cycle = visit(index) {
                throw DockerfileStagesError(
                    line: stages[cycle].startLine, "circular dependency detected on stage: \(stages[cycle].displayName)",
                    hint: "a stage cannot copy from a stage that depends on it")
            }
        }
    }
}
