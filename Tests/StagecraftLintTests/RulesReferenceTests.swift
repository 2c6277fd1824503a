import Foundation
import StagecraftLint
import TestSupport
import Testing

/// docs/rules.md is the catalogue as `stagecraft rules --format markdown` writes it.
struct RulesReferenceTests {
    @Test func theCommittedReferenceIsCurrent() throws {
        let committed = try String(
            contentsOf: Paths.packageRoot.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        #expect(
            committed == RuleCatalog.markdown(),
            "docs/rules.md is stale; regenerate it with: stagecraft rules --format markdown > docs/rules.md")
    }

    @Test func everyRuleHasASectionAndARow() {
        let page = RuleCatalog.markdown()
        for rule in RuleCatalog.descriptions {
            #expect(page.contains("\n### \(rule.id)\n"), "\(rule.id) has no section")
            #expect(page.contains("| [`\(rule.id)`](#\(rule.id)) |"), "\(rule.id) has no row")
        }
    }
}
