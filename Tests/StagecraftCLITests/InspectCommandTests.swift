import Foundation
import TestSupport
import Testing

/// `stagecraft inspect` as users run it, on an archive the real engine saved.
@Suite final class InspectCommandTests {
    private let folder: URL
    private let archive = Paths.packageRoot.appendingPathComponent("Tests/StagecraftImageTests/Fixtures/engine-layers.tar").path

    init() throws { folder = try Paths.temporaryDirectory("inspect") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func stagecraft(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(Paths.stagecraft.path, arguments, directory: folder, timeout: 120)
    }

    func write(_ text: String, _ name: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    @Test func textReportShowsLayersWasteAndAdvice() throws {
        let result = try stagecraft(["inspect", archive, "--top", "2"])
        #expect(result.status == 0, "\(result.stderrText)")
        let text = result.stdoutText
        #expect(text.contains("COPY"))
        #expect(text.contains("/app/big.bin"))
        #expect(text.contains("/app/config.txt"))
        #expect(text.contains("package-cache"))
        #expect(!text.contains("/etc/passwd"), "--top 2 lists only the two largest files")
    }

    @Test func jsonReportCarriesDiveCompatibleNumbers() throws {
        let result = try stagecraft(["inspect", archive, "--format", "json", "--tree"])
        #expect(result.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let dive = try #require(report["dive"] as? [String: Any])
        #expect(dive["wastedBytes"] as? Int == 16)
        #expect(dive["sizeBytes"] as? Int == 43065)
        let layers = try #require(report["layers"] as? [[String: Any]])
        #expect(layers.count == 5)
        let tree = try #require(report["tree"] as? [[String: Any]])
        #expect(tree.contains { $0["path"] as? String == "/app/data/big-copy.bin" })
    }

    @Test func ciGateReadsDiveCIFilesAndFailsWhenCrossed() throws {
        try write(
            "rules:\n  lowestEfficiency: 0.99999\n  highestWastedBytes: 20MB\n  highestUserWastedPercent: disabled\n", ".dive-ci")
        let failing = try stagecraft(["inspect", archive, "--ci"])
        #expect(failing.status == 1)
        #expect(failing.stdoutText.contains("lowestEfficiency") || failing.stdoutText.contains("lowest-efficiency"))
        try write("inspect:\n  lowest-efficiency: 0.5\n  highest-wasted-bytes: 1KB\n", ".stagecraft.yml")
        let passing = try stagecraft(["inspect", archive, "--ci", "--format", "json"])
        #expect(passing.status == 0, "\(passing.stdoutText)")
        try write("inspect:\n  lowest-efficency: 0.5\n", "typo.yml")
        let typo = try stagecraft(["inspect", archive, "--ci", "--ci-config", "typo.yml"])
        #expect(typo.status == 2)
        #expect(typo.stderrText.contains("typo.yml:2"))
    }

    @Test func damagedArchivesGiveAClearErrorAndExit2() throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: archive))
        try whole.prefix(whole.count / 2).write(to: folder.appendingPathComponent("cut.tar"))
        let cut = try stagecraft(["inspect", "cut.tar"])
        #expect(cut.status == 2)
        #expect(cut.stderrText.contains("cut.tar") && cut.stderrText.contains("truncated"))
        #expect(!cut.crashed)
        try write("not an archive at all", "junk.tar")
        let junk = try stagecraft(["inspect", "junk.tar"])
        #expect(junk.status == 2)
        #expect(junk.stderrText.contains("junk.tar"))
    }
}

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The CI formats of `stagecraft inspect`.
@Suite final class InspectCIFormatTests {
    private let folder: URL
    private let archive = Paths.packageRoot.appendingPathComponent("Tests/StagecraftImageTests/Fixtures/engine-layers.tar").path

    init() throws { folder = try Paths.temporaryDirectory("inspect-ci") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    /// `inspect --ci` in `format` against a `.dive-ci` whose efficiency threshold the fixture crosses.
    func gated(_ format: String) throws -> ProcessResult {
        try Data("rules:\n  lowestEfficiency: 0.99999\n  highestWastedBytes: disabled\n".utf8).write(
            to: folder.appendingPathComponent(".dive-ci"))
        return try ProcessRunner.run(Paths.stagecraft.path, ["inspect", archive, "--ci", "--format", format], directory: folder)
    }

    @Test func junitHasAFailureForACrossedThresholdAndGithubAnnotates() throws {
        let junit = try gated("junit")
        #expect(junit.status == 1)
        let document = try XMLDocument(data: junit.stdout)
        let failed = try document.nodes(forXPath: "//testcase[failure]/@name").compactMap(\.stringValue)
        #expect(failed == ["lowestEfficiency"])
        #expect(try document.nodes(forXPath: "//testcase[skipped]/@name").compactMap(\.stringValue) == ["highestWastedBytes"])
        #expect(try document.nodes(forXPath: "//failure/@message").first?.stringValue?.contains("threshold=0.99999") == true)
        let findings = try document.nodes(forXPath: "//testcase[@classname='finding']/@name").compactMap(\.stringValue)
        #expect(findings.contains("package-cache") && findings.contains("secret-in-env"))

        let github = try gated("github")
        #expect(github.status == 1)
        let lines = github.stdoutText.split(separator: "\n")
        #expect(lines.first?.hasPrefix("::error title=stagecraft inspect%3A lowestEfficiency::") == true)
        #expect(lines.contains { $0.hasPrefix("::warning title=stagecraft inspect%3A secret-in-env::") })
    }

    @Test func sarifHasAnErrorPerCrossedThresholdAndAResultPerFinding() throws {
        let run = try gated("sarif")
        #expect(run.status == 1)
        let log = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let sarifRun = try #require((log["runs"] as? [[String: Any]])?.first)
        let rules = try #require(
            ((sarifRun["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        let results = try #require(sarifRun["results"] as? [[String: Any]])
        let levels = Dictionary(results.map { ($0["ruleId"] as? String ?? "", $0["level"] as? String ?? "") }) { first, _ in first
        }
        #expect(levels["threshold/lowestEfficiency"] == "error")
        #expect(levels["secret-in-env"] == "warning" && levels["no-healthcheck"] == "note")
        // Every result names a rule the driver describes, by id and by index.
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
        }
        let uri =
            (((results.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?[
                "artifactLocation"] as? [String: Any])?["uri"] as? String
        #expect(uri?.hasSuffix("Fixtures/engine-layers.tar") == true)
    }
}
