import Foundation
import TestSupport
import Testing

@testable import StagecraftLint

/// Every project rule's examples, run on a temporary project folder.
@Suite struct ProjectRuleExampleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var ruleID: String
        var index: Int
        var example: RuleExample
        var testDescription: String { "\(ruleID) example \(index + 1)" }
    }

    static let cases: [Case] = RuleCatalog.project.flatMap { rule in
        rule.description.examples.enumerated().map { Case(ruleID: rule.description.id, index: $0.offset, example: $0.element) }
    }

    static func run(_ ruleID: String, _ example: RuleExample) throws -> [Finding] {
        let folder = try Paths.temporaryDirectory("project")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in [(example.mainFile, example.source)] + example.files.map({ ($0.key, $0.value) }) {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let rule = try #require(RuleCatalog.project.first { $0.description.id == ruleID })
        let result = try ProjectLinter(rules: [rule], environment: [:]).lint(root: folder.path)
        return result.findings.filter { $0.file.hasSuffix("/" + example.mainFile) }
    }

    @Test(arguments: cases)
    func exampleBehavesAsDocumented(_ testCase: Case) throws {
        let findings = try Self.run(testCase.ruleID, testCase.example)
        if testCase.example.triggers {
            #expect(findings.map(\.line) == testCase.example.markedLines, "\(findings.map(\.message))")
        } else {
            #expect(findings.isEmpty, "\(findings.map { "\($0.line): \($0.message)" })")
        }
    }

    @Test func projectRulesAreDocumented() {
        for rule in RuleCatalog.project {
            let description = rule.description
            #expect(description.summary.hasSuffix("."))
            #expect(description.examples.contains { $0.triggers } && description.examples.contains { !$0.triggers })
            #expect(description.category == .project)
        }
        let ids = RuleCatalog.descriptions.map(\.id)
        #expect(Set(ids).count == ids.count)
    }
}

/// Docker's .dockerignore semantics.
@Suite struct DockerignoreTests {
    @Test(arguments: [
        ("node_modules", "node_modules/x/index.js", true),
        ("*.md", "README.md", true),
        ("*.md", "docs/guide.md", false),
        ("**/*.md", "docs/guide.md", true),
        ("docs/**", "docs/a/b.txt", true),
        ("/build", "build/out", true),
        ("./tmp/../cache", "cache/x", true),
        ("a?c", "abc", true),
        ("a?c", "a/c", false),
        ("[a-c]at", "bat", true),
        ("[!a-c]at", "bat", false),
        ("**", "anything/at/all", true),
    ])
    func patternsMatchAsDockerMatchesThem(pattern: String, path: String, excluded: Bool) {
        #expect(Dockerignore(pattern).excludes(path) == excluded)
    }

    @Test func laterPatternsWinAndExceptionsReinclude() {
        let ignore = Dockerignore("# comment\n*.json\n!package.json\n\n  vendor  \n")
        #expect(ignore.excludes("tsconfig.json"))
        #expect(!ignore.excludes("package.json"))
        #expect(ignore.excludes("vendor/lib.js"))
        #expect(ignore.matchingLine("tsconfig.json") == 2)
        #expect(!ignore.excludes("src/main.ts"))
    }

    /// Patterns that send a backtracking matcher into exponential time answer at once.
    @Test func matchingDoesNotBacktrack() {
        let stars = Dockerignore(String(repeating: "a*", count: 40) + "b")
        #expect(!stars.excludes(String(repeating: "a", count: 4_000)))
        let folders = Dockerignore(String(repeating: "**/a", count: 30) + "/b")
        #expect(!folders.excludes(String(repeating: "a/", count: 400) + "c"))
        #expect(folders.excludes(String(repeating: "a/", count: 40) + "b"))
    }
}
