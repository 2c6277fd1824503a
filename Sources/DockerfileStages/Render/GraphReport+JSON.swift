/// The `stagecraft graph --format json` document.
public struct GraphDocument: Codable, Sendable, Equatable {
    public struct Reference: Codable, Sendable, Equatable {
        /// `stage`, `image` or `scratch`.
        public var kind: String
        /// The stage index, for stages.
        public var stage: Int?
        /// The stage name or image.
        public var name: String
    }

    public struct StageEntry: Codable, Sendable, Equatable {
        public var index: Int
        public var name: String?
        public var base: Reference
        public var baseWritten: String
        public var platform: String?
        public var startLine: Int
        public var endLine: Int
        public var needed: Bool
        public var args: [Arg]
    }

    public struct Arg: Codable, Sendable, Equatable {
        public var name: String
        public var value: String?
        public var source: ArgBinding.Source
        public var line: Int
    }

    public struct Edge: Codable, Sendable, Equatable {
        /// The stage index that depends.
        public var stage: Int
        public var kind: StageDependency.Kind
        public var target: Reference
        public var line: Int
    }

    public var target: Int
    public var targetName: String
    public var stages: [StageEntry]
    public var edges: [Edge]
    /// Stage indexes per level; stages on one level can build in parallel.
    public var levels: [[Int]]
    public var pruned: [Int]
    public var globalArgs: [Arg]
    public var warnings: [GraphWarning]
}

extension GraphReport {
    /// The report as a Codable document.
    public var document: GraphDocument {
        func reference(_ value: StageReference) -> GraphDocument.Reference {
            switch value {
            case .stage(let index): .init(kind: "stage", stage: index, name: graph.stages[index].displayName)
            case .image(let name): .init(kind: "image", stage: nil, name: name)
            case .scratch: .init(kind: "scratch", stage: nil, name: "scratch")
            }
        }
        func arg(_ binding: ArgBinding) -> GraphDocument.Arg {
            .init(name: binding.name, value: binding.value, source: binding.source, line: binding.line)
        }
        return GraphDocument(
            target: target, targetName: graph.stages[target].displayName,
            stages: graph.stages.map { stage in
                .init(
                    index: stage.index, name: stage.name, base: reference(stage.base), baseWritten: stage.baseWritten,
                    platform: stage.platform, startLine: stage.startLine, endLine: stage.endLine,
                    needed: needed.contains(stage.index), args: stage.args.map(arg))
            },
            edges: graph.stages.flatMap { stage in
                stage.dependencies.map { .init(stage: stage.index, kind: $0.kind, target: reference($0.target), line: $0.line) }
            },
            levels: levels, pruned: pruned, globalArgs: graph.globalArgs.map(arg), warnings: graph.warnings)
    }
}
