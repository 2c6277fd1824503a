import Foundation
import TestSupport
import Testing

@testable import DockerfileSyntax

/// Runs the built `stagecraft` executable the way users do.
@Suite final class CLITests {
    private var scratch: [URL] = []

    deinit {
        for url in scratch { try? FileManager.default.removeItem(at: url) }
    }

    func stagecraft(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(Paths.stagecraft.path, arguments, input: input.map { Data($0.utf8) })
    }

    func write(_ text: String, name: String = "Dockerfile") throws -> URL {
        let folder = try Paths.temporaryDirectory()
        scratch.append(folder)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func parseJSONEqualsTheLibrarysRecords() throws {
        let source = "FROM alpine AS build\nENV a=b\nRUN <<EOF\necho hi\nEOF\nONBUILD COPY --from=build x y\n"
        let result = try stagecraft(["parse", "--format", "json", try write(source).path])
        #expect(result.status == 0)
        let decoded = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]]
        let records = try #require(decoded)
        #expect(records.count == 4)
        #expect(records[1]["value"] as? [String] == ["a", "b", "="])
        #expect(records[2]["original"] as? String == "RUN <<EOF\necho hi\nEOF\n")
        #expect((records[2]["heredocs"] as? [[String: Any]])?.first?["content"] as? String == "echo hi\n")
        #expect(records[3]["subCmd"] as? String == "COPY")
        #expect(records[3]["startLine"] as? Int == 6)
        let expected = try DockerfileParser.parse(source).jsonArray()
        #expect(result.stdoutText == expected + "\n")
    }

    @Test func parseTextPrintsBuildKitsDump() throws {
        let result = try stagecraft(["parse", "-"], input: "FROM a\nCMD [\"x\"]\n")
        #expect(result.status == 0)
        #expect(result.stdoutText == "(from \"a\")\n(cmd \"x\")\n")
    }

    @Test func syntaxErrorNamesFileLineAndExitsWithTwo() throws {
        let url = try write("FROM a\nENV lonely\n")
        let result = try stagecraft(["parse", url.path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrText.hasPrefix("\(url.path):2:1: error: ENV must have two arguments"))
        #expect(result.stderrText.components(separatedBy: "error:").count == 2, "error: is written once")
        // JSON is streamed, but a file rejected at its end still prints nothing on standard output.
        let late = try write("FROM a\n" + String(repeating: "RUN echo x\n", count: 50_000) + "RUN <<EOF\nnever ends\n")
        let json = try stagecraft(["parse", "--format", "json", late.path])
        #expect(json.status == 2 && json.stdout.isEmpty)
        #expect(json.stderrText.contains("unterminated heredoc"))
    }

    /// Errors from every library reach the terminal worded one way: `place: error: what; what to do`.
    @Test func libraryErrorsAreWordedOnceByTheCommandLine() throws {
        let stages = try stagecraft(["graph", "-"], input: "FROM a AS x\nFROM b AS x\n")
        #expect(stages.status == 2)
        #expect(stages.stderrText.hasPrefix("<stdin>:2:1: error: duplicate stage name \"x\"; give each stage its own name"))
        let composeFile = try write("services:\n  app:\n    build: {context: ., target: [x]}\n", name: "compose.yaml")
        let build = try stagecraft(["build", "-f", composeFile.path])
        #expect(build.status == 2)
        #expect(build.stderrText.hasPrefix("\(composeFile.path):3: error: services.app.build.target"), "\(build.stderrText)")
        for result in [stages, build] {
            #expect(result.stderrText.components(separatedBy: "error:").count == 2, "\(result.stderrText)")
        }
    }

    @Test(arguments: [
        ["parse", "/no/such/Dockerfile"], ["parse", "/tmp"], ["parse", "--bogus", "x"], ["graph"], ["frobnicate"],
    ])
    func unusableInputOrUsageExitsWithTwo(arguments: [String]) throws {
        let result = try stagecraft(arguments)
        #expect(result.status == 2)
        #expect(!result.stderrText.isEmpty)
        #expect(result.stdout.isEmpty)
    }

    @Test func helpExitsWithZero() throws {
        let result = try stagecraft(["--help"])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("parse"))
        #expect(result.stdoutText.contains("graph"))
    }

    static let multiStage = """
        ARG BASE=alpine:3.20
        FROM ${BASE} AS base
        FROM base AS deps
        RUN --mount=type=cache,target=/root/.npm echo deps
        FROM base AS assets
        RUN echo assets
        FROM base AS test
        RUN echo test
        FROM scratch AS runtime
        COPY --from=deps /a /a
        COPY --from=assets /b /b

        """

    @Test func graphJSONListsLevelsAndPrunedStages() throws {
        let result = try stagecraft(["graph", "--format", "json", try write(Self.multiStage).path])
        #expect(result.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(document["targetName"] as? String == "runtime")
        #expect(document["levels"] as? [[Int]] == [[0], [1, 2], [4]])
        #expect(document["pruned"] as? [Int] == [3])
    }

    @Test func graphBuildArgOverridesTheBase() throws {
        let result = try stagecraft([
            "graph", "--build-arg", "BASE=debian:12", "--target", "deps", try write(Self.multiStage).path,
        ])
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("debian:12 (from ${BASE})"))
        #expect(result.stdoutText.contains("not built for this target: assets, test, runtime"))
    }

    @Test(arguments: ["dot", "mermaid"])
    func graphDiagramsNameEveryEdge(format: String) throws {
        let result = try stagecraft(["graph", "--format", format, try write(Self.multiStage).path])
        #expect(result.status == 0)
        let arrows = result.stdoutText.components(separatedBy: format == "dot" ? " -> " : " -->").count - 1
        #expect(arrows == 6)  // alpine→base, base→deps, base→assets, base→test, deps→runtime, assets→runtime
    }

    @Test func graphUnknownTargetExitsWithTwo() throws {
        let result = try stagecraft(["graph", "--target", "nope", try write(Self.multiStage).path])
        #expect(result.status == 2)
        #expect(result.stderrText.contains("target stage \"nope\" could not be found"))
        #expect(result.stderrText.contains("base, deps, assets, test, runtime"))
    }
}
