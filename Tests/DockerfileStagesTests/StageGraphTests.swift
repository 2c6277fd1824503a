import DockerfileSyntax
import Testing

@testable import DockerfileStages

@Suite struct StageGraphTests {
    func graph(
        _ text: String, buildArgs: [String: String] = [:], platform: PlatformArgs = PlatformArgs(buildPlatform: "linux/amd64")
    )
        throws -> StageGraph
    {
        try StageGraphBuilder(buildArgs: buildArgs, platform: platform).build(try DockerfileParser.parse(text))
    }

    // MARK: ARG scoping

    @Test func globalArgsExpandInFromAndChainTogether() throws {
        let stages = try graph("ARG V=3.20\nARG IMG=alpine:${V}\nFROM $IMG\n").stages
        #expect(stages[0].baseExpanded == "alpine:3.20")
        #expect(stages[0].base == .image("alpine:3.20"))
    }

    @Test func buildArgOverridesTheDefault() throws {
        let stages = try graph("ARG V=3.20\nFROM alpine:$V\n", buildArgs: ["V": "edge"]).stages
        #expect(stages[0].baseExpanded == "alpine:edge")
    }

    @Test func redeclaredGlobalArgTakesTheLastValue() throws {
        let stages = try graph("ARG V=1\nARG V=2\nFROM img:$V\n").stages
        #expect(stages[0].baseExpanded == "img:2")
    }

    @Test func stageArgsAreNotVisibleInLaterFromLines() throws {
        let stages = try graph("FROM a\nARG V=x\nFROM img:${V:-none}\n").stages
        #expect(stages[1].baseExpanded == "img:none")
    }

    @Test func stageArgWithoutDefaultInheritsTheGlobalValue() throws {
        let stage = try graph("ARG V=1\nFROM a\nARG V\nARG W\nARG X=${V}-y\n").stages[0]
        #expect(stage.args.map(\.value) == ["1", nil, "1-y"])
        #expect(stage.args.map(\.source) == [.global, .unset, .defaultValue])
    }

    @Test func platformArgsArePredefinedGloballyAndOnDeclarationInStages() throws {
        let platform = PlatformArgs(buildPlatform: "linux/amd64", targetPlatform: "linux/arm64/v8")
        let result = try graph(
            "FROM --platform=$BUILDPLATFORM golang AS build\nARG TARGETARCH\nARG TARGETVARIANT\n", platform: platform)
        #expect(result.stages[0].platform == "linux/amd64")
        #expect(result.stages[0].args.map(\.value) == ["arm64", "v8"])
    }

    @Test func expansionErrorsNameTheLine() throws {
        let error = try #require(throws: DockerfileStagesError.self) { try graph("ARG V\nFROM img:${V:?required}\n") }
        #expect(error.line == 2)
        #expect(error.message.contains("V: required"))
    }

    // MARK: Edges

    @Test func fromCopyAndMountReferencesBecomeEdges() throws {
        let text = """
            FROM alpine AS Base
            FROM base AS build
            RUN --mount=type=cache,target=/c --mount=type=bind,from=base,target=/b true
            FROM scratch
            COPY --from=build /a /a
            COPY --from=0 /b /b
            COPY --from=nginx:1.27 /etc/nginx /etc/nginx
            ADD --from=later /x /x
            FROM busybox AS later

            """
        let stages = try graph(text).stages
        #expect(stages[0].name == "base")
        #expect(stages[1].dependencies.map(\.target) == [.stage(0), .stage(0)])
        #expect(stages[1].dependencies.map(\.kind) == [.from, .mountFrom])
        #expect(stages[2].dependencies.map(\.target) == [.scratch, .stage(1), .stage(0), .image("nginx:1.27"), .stage(3)])
    }

    @Test func variablesInFromFlagsAreWarnedAbout() throws {
        let result = try graph("ARG SRC=alpine\nFROM scratch\nCOPY --from=$SRC /a /a\n")
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.line == 3)
    }

    // MARK: Targets, pruning and levels

    static let fanOut = """
        FROM alpine AS base
        FROM base AS deps
        FROM base AS assets
        FROM base AS lint
        FROM deps AS build
        COPY --from=assets /a /a
        FROM scratch AS runtime
        COPY --from=build /app /app

        """

    @Test func targetPrunesUnreachableStages() throws {
        let result = try graph(Self.fanOut)
        let runtime = try result.targetStage(nil)
        #expect(runtime == 5)
        #expect(result.stagesNeeded(for: runtime) == [0, 1, 2, 4, 5])
        #expect(result.stagesNeeded(for: try result.targetStage("LINT")) == [0, 3])
    }

    @Test func levelsGroupStagesThatCanBuildInParallel() throws {
        let result = try graph(Self.fanOut)
        #expect(result.buildLevels(for: 5) == [[0], [1, 2], [4], [5]])
        #expect(result.buildLevels(for: 3) == [[0], [3]])
    }

    @Test func unknownTargetListsTheStages() throws {
        let error = try #require(throws: DockerfileStagesError.self) { try graph(Self.fanOut).targetStage("dev") }
        #expect(error.message == "target stage \"dev\" could not be found")
        #expect(error.hint.contains("base, deps, assets, lint, build, runtime"))
    }

    // MARK: Errors

    @Test(arguments: [
        ("RUN x\nFROM a\n", "no build stage in current context"),
        ("FROM a b\n", "FROM requires either one or three arguments"),
        ("FROM a AS 1st\n", "invalid name for build stage"),
        ("FROM a AS x\nFROM b AS X\n", "duplicate stage name"),
        ("ARG B\nFROM $B\n", "base name ($B) should not be blank"),
        ("FROM a\nCOPY --from=3 x y\n", "invalid stage index 3"),
        ("FROM a AS one\nCOPY --from=two x y\nFROM b AS two\nCOPY --from=one x y\n", "circular dependency"),
        ("ARG A=1\n", "no FROM instruction"),
    ])
    func rejectsWhatBuildKitRejects(text: String, message: String) throws {
        let error = try #require(throws: DockerfileStagesError.self) { try graph(text) }
        #expect(error.message.contains(message))
    }

    /// A chain of stages each built on the one before: levels and the cycle check walk it
    /// without recursion (a recursive walk overflows the stack long before 50,000 stages).
    @Test func aVeryLongChainOfStagesBuildsItsLevels() throws {
        var text = "FROM scratch AS s0\n"
        for index in 1..<50_000 { text += "FROM s\(index - 1) AS s\(index)\nCOPY --from=s0 /a /a\n" }
        let graph = try StageGraphBuilder().build(try DockerfileParser.parse(Array(text.utf8)))
        #expect(graph.stages.count == 50_000)
        let levels = graph.buildLevels(for: graph.stages.count - 1)
        #expect(levels.count == 50_000)
        #expect(levels.allSatisfy { $0.count == 1 })
        #expect(levels.first == [0] && levels.last == [49_999])
        // A loop closed at the far end (the first stage copies from the last) is still found.
        let looped = text.replacing("FROM scratch AS s0\n", with: "FROM scratch AS s0\nCOPY --from=s49999 /b /b\n")
        #expect(throws: DockerfileStagesError.self) {
            try StageGraphBuilder().build(try DockerfileParser.parse(Array(looped.utf8)))
        }
    }
}
