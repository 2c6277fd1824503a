import Foundation
import StagecraftLint
import TestSupport
import Testing

/// Every rule is a type named after its id, alone in `Rules/<Category>/<TypeName>.swift`; the only
/// other files under `Rules/` are the helpers the rules share (`…RuleSupport.swift`).
struct RuleLayoutTests {
    static let rulesFolder = Paths.packageRoot.appendingPathComponent("Sources/StagecraftLint/Rules")

    /// A rule in the catalogue: its type's name, id and category.
    struct Entry: CustomStringConvertible {
        let typeName: String
        let id: String
        let category: RuleCategory
        var description: String { id }

        init(_ type: Any.Type, _ rule: RuleDescription) {
            typeName = "\(type)"
            id = rule.id
            category = rule.category
        }
    }

    static let entries: [Entry] =
        RuleCatalog.all.map { Entry(type(of: $0), $0.description) }
        + RuleCatalog.project.map { Entry(type(of: $0), $0.description) }

    /// `apt-pin-versions` -> `AptPinVersions`, `multi-stage` -> `MultiStage`.
    static func upperCamelCase(_ kebab: String) -> String {
        kebab.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The folder a rule's file is in, relative to `Rules/`.
    static func folder(_ category: RuleCategory) -> String { upperCamelCase(category.rawValue) }

    static func isSupportFile(_ name: String) -> Bool { name.hasSuffix("RuleSupport.swift") }

    /// Every `.swift` file under `Rules/`, relative to it.
    static func ruleFolderFiles() throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: rulesFolder.path).filter { $0.hasSuffix(".swift") }.sorted()
    }

    /// The types a source text declares as conforming to `Rule` or `ProjectRule`.
    static func declaredRuleTypes(_ text: String) -> [String] {
        let declaration =
            #/(?m)^\s*(?:(?:public|internal|package|fileprivate|private|final)\s+)*(?:struct|class|enum|actor|extension)\s+(\w+)\s*:\s*([^{]*)\{/#
        return text.matches(of: declaration).compactMap { match in
            let conformances = match.output.2.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            return conformances.contains { $0 == "Rule" || $0 == "ProjectRule" } ? String(match.output.1) : nil
        }
    }

    @Test(arguments: entries) func theTypeIsNamedAfterTheId(_ entry: Entry) {
        #expect(entry.typeName == Self.upperCamelCase(entry.id), "\(entry.id) is implemented by \(entry.typeName)")
    }

    @Test(arguments: entries) func theRuleHasItsOwnFileInItsCategoryFolder(_ entry: Entry) throws {
        let path = "\(Self.folder(entry.category))/\(entry.typeName).swift"
        let file = Self.rulesFolder.appendingPathComponent(path)
        try #require(Paths.exists(file), "\(entry.id) should be in Rules/\(path)")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("struct \(entry.typeName)"), "Rules/\(path) does not declare struct \(entry.typeName)")
        #expect(
            Self.declaredRuleTypes(text) == [entry.typeName], "Rules/\(path) should declare \(entry.typeName) and no other rule")
    }

    @Test func everyFileUnderRulesIsARuleOfTheCatalogueOrSupport() throws {
        let expected = Set(Self.entries.map { "\(Self.folder($0.category))/\($0.typeName).swift" })
        let files = try Self.ruleFolderFiles()
        #expect(files.count > Self.entries.count / 2, "no files found under \(Self.rulesFolder.path)")
        for file in files {
            let text = try String(contentsOf: Self.rulesFolder.appendingPathComponent(file), encoding: .utf8)
            let name = (file as NSString).lastPathComponent
            if Self.isSupportFile(name) {
                #expect(Self.declaredRuleTypes(text).isEmpty, "the support file Rules/\(file) declares a rule")
            } else {
                let isRuleOfTheCatalogue = expected.contains(file)
                #expect(isRuleOfTheCatalogue, "Rules/\(file) is neither a rule of the catalogue nor a …RuleSupport.swift file")
            }
        }
    }

    @Test func theCatalogueHasNoTypeTwice() {
        let names = Self.entries.map(\.typeName)
        #expect(Set(names).count == names.count)
    }
}
