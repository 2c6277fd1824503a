import Foundation
import TestSupport
import Testing

@testable import DockerfileSyntax

/// Compares the parser with BuildKit's own parser (Go code wrapped by the `dockerfile` Python
/// package, BuildKit v0.12.5) on generated Dockerfiles: same instructions, same rejections.
///
/// Two documented differences between BuildKit v0.12 and current BuildKit, which this parser
/// follows, are projected away: ENV and LABEL carry a delimiter node after each key/value pair
/// since BuildKit v0.13, and the `check` directive exists since v0.14 (the generator keeps it
/// last so it cannot change the outcome). The wrapper also reports ONBUILD's heredocs from the
/// inner instruction, where BuildKit never attaches them, so it shows none; for ONBUILD the
/// heredoc bodies are left out of the comparison (line numbers still cover them).
@Suite struct BuildKitDifferentialTests {
    static let fileCount = 1500

    struct OracleResult: Decodable {
        struct Record: Decodable, Equatable {
            struct Doc: Decodable, Equatable {
                var name: String
                var fileDescriptor: Int
                var content: String
            }
            var cmd: String
            var subCmd: String?
            var json: Bool
            var original: String
            var startLine: Int
            var endLine: Int
            var flags: [String]
            var value: [String]
            var heredocs: [Doc]
        }
        var file: String
        var ok: Bool
        var instructions: [Record]?
        var error: String?
    }

    /// Our record in the oracle's shape, with the delimiter nodes removed.
    static func projected(_ node: Node) -> OracleResult.Record {
        let record = InstructionRecord(node)
        var value = record.value
        let keyword = (record.subCmd ?? record.cmd).uppercased()
        if keyword == "ENV" || keyword == "LABEL" {
            value = value.enumerated().filter { $0.offset % 3 != 2 }.map(\.element)
        }
        var original = record.original
        var heredocs = record.heredocs
        if record.subCmd != nil && !heredocs.isEmpty {
            original = String(original.prefix { $0 != "\n" })
            heredocs = []
        }
        return OracleResult.Record(
            cmd: record.cmd, subCmd: record.subCmd, json: record.json, original: original,
            startLine: record.startLine, endLine: record.endLine, flags: record.flags, value: value,
            heredocs: heredocs.map { .init(name: $0.name, fileDescriptor: Int($0.fileDescriptor), content: $0.content) })
    }

    @Test func generatedDockerfilesParseAsBuildKitParsesThem() throws {
        let folder = try Paths.temporaryDirectory("differential")
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = DockerfileGenerator(seed: 20_261_129)
        var files: [URL] = []
        for index in 0..<Self.fileCount {
            let url = folder.appendingPathComponent(String(format: "%04d.Dockerfile", index))
            try Data(generator.next()).write(to: url)
            files.append(url)
        }
        let oracle = Paths.packageRoot.appendingPathComponent("scripts/buildkit-oracle.py").path
        let run = try ProcessRunner.run("python3", [oracle] + files.map(\.path))
        try #require(run.status == 0, "BuildKit reference parser failed: \(run.stderrText)")
        let results = try run.stdoutText.split(separator: "\n").map {
            try JSONDecoder().decode(OracleResult.self, from: Data($0.utf8))
        }
        try #require(results.count == files.count)

        var accepted = 0
        var rejected = 0
        for result in results {
            let source = try Paths.bytes(URL(fileURLWithPath: result.file))
            let ours = Result { try DockerfileParser.parse(source) }
            switch (ours, result.ok) {
            case (.success(let parsed), true):
                accepted += 1
                let expected = result.instructions ?? []
                let actual = parsed.nodes.map(Self.projected)
                #expect(actual.count == expected.count, "\(result.file): instruction count")
                for (mine, theirs) in zip(actual, expected) where mine != theirs {
                    Issue.record("\(result.file):\(theirs.startLine): stagecraft \(mine) != BuildKit \(theirs)")
                    break
                }
            case (.failure(let error), false):
                rejected += 1
                #expect((error as? DockerfileSyntaxError)?.message == result.error, "\(result.file)")
            case (.success, false):
                Issue.record("\(result.file): BuildKit rejects it (\(result.error ?? "")) but stagecraft accepts it")
            case (.failure(let error), true):
                Issue.record("\(result.file): BuildKit accepts it but stagecraft rejects it: \(error)")
            }
        }
        // The corpus must exercise both outcomes.
        #expect(accepted > Self.fileCount / 2)
        #expect(rejected > 20)
    }
}
