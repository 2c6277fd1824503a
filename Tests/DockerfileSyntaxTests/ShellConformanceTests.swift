import Foundation
import TestSupport
import Testing

@testable import DockerfileSyntax

/// BuildKit's shell-lexer tables (../shared/conformance/buildkit-parser/_shell).
@Suite struct ShellConformanceTests {
    static let folder = Paths.buildkitConformance.appendingPathComponent("_shell")

    struct EnvVarCase: CustomTestStringConvertible, Sendable {
        var line: Int
        var platform: String
        var source: String
        var expected: String
        var testDescription: String { "line \(line): \(source)" }
    }

    /// `envVarTest`: `platform | input | expected` with a fixed environment.
    static var envVarCases: [EnvVarCase] {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("envVarTest"), encoding: .utf8) else {
            return []
        }
        var cases: [EnvVarCase] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let expected = parts.count > 2 ? parts[2].trimmingCharacters(in: .whitespaces) : ""
            cases.append(
                EnvVarCase(
                    line: index + 1, platform: parts[0].trimmingCharacters(in: .whitespaces),
                    source: parts[1].trimmingCharacters(in: .whitespaces), expected: expected))
        }
        return cases
    }

    @Test func tablesArePresentInCI() {
        if Paths.isCI || Paths.exists(Self.folder) {
            #expect(Self.envVarCases.count > 200)
            #expect(Self.wordsCases.count > 10)
            #expect(Self.matchCases.count == 47)
        }
    }

    @Test(arguments: envVarCases)
    func expandsLikeBuildKit(_ testCase: EnvVarCase) throws {
        // W rows are the Windows expectations: variable names compare case-insensitively there.
        let windows = testCase.platform == "W"
        let environment = EnvironmentList(["PWD=/home", "SHELL=bash", "KOREAN=한국어", "NULL="], caseInsensitive: windows)
        let lexer = ShellLexer(escapeToken: "\\")
        if testCase.expected == "error" {
            #expect(throws: ShellExpansionError.self) { try lexer.processWord(testCase.source, in: environment) }
        } else {
            #expect(try lexer.processWord(testCase.source, in: environment) == testCase.expected)
        }
    }

    struct WordsCase: CustomTestStringConvertible, Sendable {
        var environment: [String]
        var input: String
        var words: [String]
        var testDescription: String { input }
    }

    /// `wordsTest`: `ENV K=V` lines build the environment; `input|w1|w2` lines are cases.
    static var wordsCases: [WordsCase] {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("wordsTest"), encoding: .utf8) else {
            return []
        }
        var environment: [String] = []
        var cases: [WordsCase] = []
        for rawLine in text.split(separator: "\n") {
            let line = String(rawLine)
            if line.hasPrefix("#") { continue }
            if line.hasPrefix("ENV ") {
                environment.append(String(line.dropFirst(4)))
                continue
            }
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2 else { continue }
            let input = parts[0].trimmingCharacters(in: .whitespaces)
            let expected = String(parts[1].drop { $0 == " " })
            let words = expected.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cases.append(WordsCase(environment: environment, input: input, words: words))
        }
        return cases
    }

    @Test(arguments: wordsCases)
    func splitsWordsLikeBuildKit(_ testCase: WordsCase) throws {
        let lexer = ShellLexer(escapeToken: "\\")
        if testCase.words == ["error"] {
            #expect(throws: ShellExpansionError.self) {
                try lexer.processWords(testCase.input, in: EnvironmentList(testCase.environment))
            }
            return
        }
        let words = try lexer.processWords(testCase.input, in: EnvironmentList(testCase.environment))
        #expect(words == testCase.words)
    }

    struct MatchCase: Decodable, CustomTestStringConvertible, Sendable {
        var input: String
        var envs: [String: String]
        var expected: String?
        var expectedErr: Bool
        var matches: [String]
        var unmatched: [String]
        var testDescription: String { input }
    }

    static var matchCases: [MatchCase] {
        struct File: Decodable { var cases: [MatchCase] }
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("processWithMatches.json")) else { return [] }
        return (try? JSONDecoder().decode(File.self, from: data).cases) ?? []
    }

    @Test(arguments: matchCases)
    func reportsMatchesLikeBuildKit(_ testCase: MatchCase) throws {
        var environment = EnvironmentList()
        for (name, value) in testCase.envs.sorted(by: { $0.key < $1.key }) { environment.set(name, value) }
        let lexer = ShellLexer(escapeToken: "\\")
        if testCase.expectedErr {
            #expect(throws: ShellExpansionError.self) { try lexer.expand(testCase.input, in: environment) }
            return
        }
        let expansion = try lexer.expand(testCase.input, in: environment)
        #expect(expansion.result == testCase.expected)
        #expect(expansion.matched == Set(testCase.matches))
        #expect(expansion.unmatched == Set(testCase.unmatched))
    }
}
