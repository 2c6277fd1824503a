import Foundation
import TestSupport
import Testing

@testable import DockerfileSyntax

/// Runs BuildKit's own parser test data (../shared/conformance/buildkit-parser) through the parser.
@Suite struct BuildKitConformanceTests {
    static let root = Paths.buildkitConformance

    static var parseCases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { !$0.hasPrefix("_") && Paths.exists(root.appendingPathComponent("\($0)/result")) }.sorted()
    }

    static var negativeCases: [String] {
        let folder = root.appendingPathComponent("_negative")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test func conformanceDataIsPresentInCI() {
        if Paths.isCI || Paths.exists(Self.root) {
            #expect(Self.parseCases.count == 33)
            #expect(Self.negativeCases.count == 4)
        }
    }

    @Test(arguments: parseCases)
    func dumpMatchesBuildKit(_ name: String) throws {
        let folder = Self.root.appendingPathComponent(name)
        let source = try Paths.bytes(folder.appendingPathComponent("Dockerfile"))
        let expected = try String(contentsOf: folder.appendingPathComponent("result"), encoding: .utf8)
        let parsed = try DockerfileParser.parse(source)
        #expect(parsed.dump() + "\n" == expected)
    }

    @Test(arguments: negativeCases)
    func rejectsWhatBuildKitRejects(_ name: String) throws {
        let source = try Paths.bytes(Self.root.appendingPathComponent("_negative/\(name)/Dockerfile"))
        #expect(throws: DockerfileSyntaxError.self) { try DockerfileParser.parse(source) }
    }

    @Test func lineNumbersMatchBuildKit() throws {
        let url = Self.root.appendingPathComponent("_testfile-line/Dockerfile")
        try #require(Paths.exists(url) || !Paths.isCI)
        guard Paths.exists(url) else { return }
        let parsed = try DockerfileParser.parse(try Paths.bytes(url))
        let lines = parsed.nodes.map { [$0.startLine, $0.endLine] }
        #expect(lines == [[5, 5], [11, 12], [17, 31]])
    }
}
