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

    /// The stages a stage depends on directly (through FROM, COPY --from or RUN --mount), each once.
    public func stageDependencies(of index: Int) -> [Int] {
        var seen = Set<Int>()
        var result: [Int] = []
        for dependency in stages[index].dependencies {
            if case .stage(let other) = dependency.target, seen.insert(other).inserted { result.append(other) }
        }
        return result
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
        var level = [Int](repeating: -1, count: stages.count)
        for index in postOrder(from: [target]) {
            level[index] = (stageDependencies(of: index).map { level[$0] }.max() ?? -1) + 1
        }
        var levels: [[Int]] = Array(repeating: [], count: (level.max() ?? -1) + 1)
        for index in stages.indices where level[index] >= 0 { levels[level[index]].append(index) }
        return levels
    }

    /// Fails when stages depend on each other in a circle.
    func checkForCycles() throws(DockerfileStagesError) {
        guard let stage = walk(from: stages.indices).circleAt else { return }
        throw DockerfileStagesError(
            line: stages[stage].startLine, "circular dependency detected on stage: \(stages[stage].displayName)",
            hint: "a stage cannot copy from a stage that depends on it")
    }

    /// The stages reachable from `roots`, each after every stage it depends on (the graph has no cycles).
    func postOrder(from roots: [Int]) -> [Int] { walk(from: roots).order }

    /// A depth-first walk from `roots`: the stages reached, each after every stage it depends on,
    /// and the first stage found to depend on itself through others (the walk stops there). An
    /// explicit stack keeps a chain of many thousand stages off the call stack.
    private func walk(from roots: some Sequence<Int>) -> (order: [Int], circleAt: Int?) {
        var state = [UInt8](repeating: 0, count: stages.count)  // 0 new, 1 on the path, 2 done
        var order: [Int] = []
        for root in roots where state[root] == 0 {
            state[root] = 1
            var path: [(stage: Int, next: [Int], position: Int)] = [(root, stageDependencies(of: root), 0)]
            while !path.isEmpty {
                let top = path.count - 1
                guard path[top].position < path[top].next.count else {
                    state[path[top].stage] = 2
                    order.append(path[top].stage)
                    path.removeLast()
                    continue
                }
                let next = path[top].next[path[top].position]
                path[top].position += 1
                if state[next] == 1 { return (order, next) }
                if state[next] == 0 {
                    state[next] = 1
                    path.append((next, stageDependencies(of: next), 0))
                }
            }
        }
        return (order, nil)
    }
}
