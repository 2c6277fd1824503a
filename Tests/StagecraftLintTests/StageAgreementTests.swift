import DockerfileStages
import DockerfileSyntax
import StagecraftLint
import TestSupport
import Testing

/// Lint's stages and the stage graph read FROM lines the same way: the same names, the same
/// bases after global-ARG expansion, the same parents, for the same platform.
@Suite struct StageAgreementTests {
    static let files = [
        "ARG BASE=alpine\nARG TAG=3.20\nFROM ${BASE}:${TAG} AS build\nFROM build\n",
        "ARG A=x\nARG B=${A}-y\nFROM img:$B\n",
        "ARG TARGETARCH\nFROM busybox:$TARGETARCH AS One\nFROM one AS two\nFROM ONE\n",
        "ARG V\nFROM node:${V:-22}-slim\n",
        "ARG REGISTRY=docker.io/library\nFROM --platform=$BUILDPLATFORM $REGISTRY/golang:1.23 AS build\nARG TARGETOS\nFROM scratch\nCOPY --from=build /x /x\n",
        "FROM python:3.12 AS base\nFROM base AS deps\nFROM deps AS dev\nFROM base AS runtime\n",
        "ARG IMG=base\nFROM alpine AS base\nFROM ${IMG}\n",
    ]

    func compare(_ text: String, platform: PlatformArgs) throws {
        let parsed = try DockerfileParser.parse(Array(text.utf8))
        guard let graph = try? StageGraphBuilder(platform: platform).build(parsed) else { return }
        let document = try DockerfileDocument(path: "Dockerfile", source: Array(text.utf8), platform: platform)
        #expect(document.stages.count == graph.stages.count, "\(text)")
        for (lint, stage) in zip(document.stages, graph.stages) {
            #expect(lint.name == stage.name, "\(text)")
            #expect(lint.expandedBase == stage.baseExpanded, "\(text)")
            let parent: Int? = if case .stage(let index) = stage.base { index } else { nil }
            #expect(lint.parent == parent, "\(text)")
        }
    }

    @Test(arguments: files)
    func handWrittenFilesAgree(text: String) throws {
        try compare(text, platform: PlatformArgs())
        try compare(text, platform: PlatformArgs(buildPlatform: "linux/amd64", targetPlatform: "linux/arm64/v8"))
    }

    @Test func generatedFilesAgree() throws {
        var generator = LintCorpusGenerator(seed: 17)
        var compared = 0
        for _ in 0..<300 {
            let text = generator.next()
            guard let parsed = try? DockerfileParser.parse(Array(text.utf8)),
                (try? StageGraphBuilder().build(parsed)) != nil
            else { continue }
            compared += 1
            try compare(text, platform: PlatformArgs())
        }
        #expect(compared > 100, "the corpus should mostly be files the graph accepts")
    }
}
