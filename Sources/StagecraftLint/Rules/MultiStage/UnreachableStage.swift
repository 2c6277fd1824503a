import DockerfileSyntax

struct UnreachableStage: Rule {
    static let description = RuleDescription(
        id: "unreachable-stage",
        severity: .info, category: .multiStage,
        summary: "Every stage should be reachable from a build target.",
        rationale:
            "BuildKit skips stages no target needs; such a stage is dead code, or a target the build scripts forgot. A named stage that is an image of its own (it sets CMD or ENTRYPOINT, or is named like one: dev, test, debug…) is taken as a target built with --target and not reported.",
        examples: [
            .triggering("FROM alpine:3.20 AS base\n↓FROM alpine:3.20 AS unused\nRUN echo never\nFROM base\nRUN echo app\n"),
            .passing("FROM alpine:3.20 AS build\nRUN echo build\nFROM alpine:3.20\nCOPY --from=build /a /a\n"),
            .passing(
                "FROM alpine:3.20 AS build_amd64\nRUN echo x86\nFROM alpine:3.20 AS build_arm64\nRUN echo arm\nFROM build_${TARGETARCH}\nRUN echo app\n"
            ),
            .passing(
                "FROM node:22-slim AS base\nFROM base AS development\nRUN echo dev\nFROM base AS worker\nCMD [\"node\", \"worker.js\"]\nFROM base\nCMD [\"node\", \"server.js\"]\n"
            ),
        ])

    /// The stages a name with variables (`binary-$TARGETOS`) may stand for: each variable matches anything.
    static func stages(matching reference: String, in stages: [LintStage]) -> [Int] {
        let pattern = reference.lowercased().replacing(#/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/#, with: "*")
        let glob = GlobPattern(pattern)
        return stages.filter { $0.name.map(glob.matches) ?? false }.map(\.index)
    }

    /// Stage names that are targets by convention.
    static let targetNames: Set<String> = [
        "dev", "develop", "development", "test", "tests", "testing", "debug", "ci", "lint", "prod", "production", "release",
        "runtime", "final", "local", "e2e", "docs", "standalone",
    ]

    func check(_ context: RuleContext) -> [Violation] {
        let stages = context.document.stages
        var reached = Set<Int>()
        var queue = context.targets
        while let index = queue.popLast() {
            guard stages.indices.contains(index), reached.insert(index).inserted else { continue }
            let stage = stages[index]
            if let parent = stage.parent { queue.append(parent) }
            // `FROM build_${TARGETARCH}` may build on any stage its variables can name.
            if stage.base.contains("$") { queue += Self.stages(matching: stage.base, in: stages) }
            for node in stage.instructions {
                var references: [String] = []
                if node.command == "copy" || node.command == "add", let from = node.flags.last(where: { $0.hasPrefix("--from=") })
                {
                    references.append(String(from.dropFirst("--from=".count)))
                }
                if node.command == "run" {
                    references += context.run(for: node)?.mounts.compactMap { $0["from"] } ?? []
                }
                for reference in references {
                    if reference.contains("$") { queue += Self.stages(matching: reference, in: stages) }
                    if let number = Int(reference) { queue.append(number) }
                    if let named = context.document.stage(named: reference) { queue.append(named.index) }
                }
            }
        }
        return stages.filter { stage in
            guard !reached.contains(stage.index) else { return false }
            guard let name = stage.name else { return true }
            let isImage = stage.instructions.contains { $0.command == "cmd" || $0.command == "entrypoint" }
            let parts = Set(name.split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init))
            return !isImage && parts.isDisjoint(with: Self.targetNames)
        }.map { stage in
            Violation(
                stage.from,
                "no target builds \(stage.displayName); remove it, or build it with --target \(stage.name ?? String(stage.index))"
            )
        }
    }
}
