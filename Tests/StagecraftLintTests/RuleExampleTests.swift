import DockerfileSyntax
import Testing

@testable import StagecraftLint

/// Runs every rule's own examples: triggering ones must report exactly the marked lines,
/// passing ones nothing.
@Suite struct RuleExampleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var ruleID: String
        var index: Int
        var example: RuleExample
        var testDescription: String { "\(ruleID) example \(index + 1)" }
    }

    static let cases: [Case] = RuleCatalog.all.flatMap { rule in
        rule.description.examples.enumerated().map { Case(ruleID: rule.description.id, index: $0.offset, example: $0.element) }
    }

    static func run(_ ruleID: String, _ example: RuleExample) throws -> [Finding] {
        let rule = try #require(RuleCatalog.rule(named: ruleID))
        var configuration = example.configuration
        configuration.enabled.insert(ruleID)
        let document = try DockerfileDocument(path: "Dockerfile", source: Array(example.source.utf8))
        return Linter(configuration: configuration, rules: [rule]).lint(document)
    }

    @Test(arguments: cases)
    func exampleBehavesAsDocumented(_ testCase: Case) throws {
        let findings = try Self.run(testCase.ruleID, testCase.example)
        if testCase.example.triggers {
            #expect(findings.map(\.line) == testCase.example.markedLines, "\(testCase.example.source)")
        } else {
            #expect(findings.isEmpty, "\(findings.map { "\($0.line): \($0.message)" })")
        }
    }

    @Test(arguments: cases.filter { $0.example.triggers })
    func fixesRemoveTheFinding(_ testCase: Case) throws {
        let findings = try Self.run(testCase.ruleID, testCase.example)
        guard !findings.isEmpty, findings.allSatisfy({ $0.fix != nil }) else { return }
        let fixed = try FixApplier.apply(findings.compactMap(\.fix), to: Array(testCase.example.source.utf8))
        let again = try Self.run(testCase.ruleID, .triggering(String(decoding: fixed, as: UTF8.self)))
        #expect(again.isEmpty, "after fixing:\n\(String(decoding: fixed, as: UTF8.self))")
        let twice = try FixApplier.apply(again.compactMap(\.fix), to: fixed)
        #expect(twice == fixed, "fixes are idempotent")
    }
}

/// The catalogue's own consistency, as SwiftLint checks its rules.
@Suite struct RuleCatalogTests {
    let descriptions = RuleCatalog.descriptions

    @Test func idsAreUniqueAndKebabCase() {
        #expect(Set(descriptions.map(\.id)).count == descriptions.count)
        for description in descriptions {
            #expect(description.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(description.id)")
        }
    }

    @Test func hadolintAliasesAreUnique() {
        let codes = descriptions.compactMap(\.hadolintCode)
        #expect(Set(codes).count == codes.count)
    }

    @Test func everyRuleIsDocumentedAndExemplified() {
        for description in descriptions {
            #expect(description.summary.hasSuffix("."), "\(description.id): summary ends with a period")
            #expect(!description.rationale.isEmpty, "\(description.id): rationale")
            #expect(description.examples.contains { $0.triggers }, "\(description.id): a triggering example")
            #expect(description.examples.contains { !$0.triggers }, "\(description.id): a passing example")
            #expect(
                description.examples.filter(\.triggers).allSatisfy { !$0.markedLines.isEmpty }, "\(description.id): marked lines")
        }
    }

    @Test func fixableRulesOfferAFixInTheirExamples() throws {
        for rule in RuleCatalog.all where rule.description.fixable {
            let findings = try rule.description.examples.filter(\.triggers).flatMap {
                try RuleExampleTests.run(rule.description.id, $0)
            }
            #expect(findings.contains { $0.fix != nil }, "\(rule.description.id) is marked fixable but offers no fix")
        }
    }
}

/// Behaviour beyond the examples.
@Suite struct RuleBehaviourTests {
    func lint(_ text: String, _ rule: String) throws -> [Int] {
        let document = try DockerfileDocument(path: "Dockerfile", source: Array(text.utf8))
        return Linter(rules: [try #require(RuleCatalog.rule(named: rule))]).lint(document).map(\.line)
    }

    @Test func stageNamesCompareCaseInsensitivelyAsInBuildKit() throws {
        #expect(try lint("FROM alpine:3.20 AS build\nFROM alpine:3.20 AS Build\n", "duplicate-stage-name") == [2])
    }

    @Test func copyFromOwnIndexIsCaught() throws {
        #expect(try lint("FROM alpine:3.20\nCOPY --from=0 /a /b\n", "copy-from-own-stage") == [2])
    }
}
