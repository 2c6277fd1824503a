import DockerfileSyntax
import StagecraftConfiguration
import Testing

@testable import StagecraftLint

@Suite struct SuppressionTests {
    func rules(_ text: String, configuration: LintConfiguration = LintConfiguration()) throws -> [String] {
        let document = try DockerfileDocument(path: "Dockerfile", source: Array(text.utf8))
        return Linter(configuration: configuration).lint(document).map { "\($0.line):\($0.ruleID)" }
    }

    let base = "FROM debian:12\nUSER 1000\nHEALTHCHECK NONE\n"

    @Test func hadolintIgnoreCoversTheNextInstruction() throws {
        let text = base + "# hadolint ignore=DL3008,DL3015\nRUN apt-get install -y curl\nRUN apt-get install -y git\n"
        let found = try rules(text)
        #expect(!found.contains("5:apt-pin-versions") && !found.contains("5:apt-get-no-install-recommends"))
        #expect(found.contains("6:apt-pin-versions"))
    }

    @Test func stagecraftIgnoreTakesRuleIDsAndAReason() throws {
        let text =
            base
            + "# stagecraft ignore=apt-pin-versions # pinned by the base image\nRUN apt-get install -y --no-install-recommends curl\n"
        #expect(!(try rules(text)).contains("5:apt-pin-versions"))
    }

    @Test func globalIgnoreCoversTheFile() throws {
        let text = base + "RUN apt-get install -y --no-install-recommends curl\n# hadolint global ignore=DL3008\n"
        #expect(!(try rules(text)).contains { $0.hasSuffix("apt-pin-versions") })
    }

    @Test func buildkitCheckDirectiveSkipsAndPromotes() throws {
        let text = "# check=skip=JSONArgsRecommended;error=true\n" + base + "CMD node server.js\nENV A b\n"
        let document = try DockerfileDocument(path: "Dockerfile", source: Array(text.utf8))
        let findings = Linter().lint(document)
        #expect(!findings.contains { $0.ruleID == "exec-form-cmd" })
        #expect(findings.first { $0.ruleID == "env-key-value-format" }?.severity == .error)
    }

    @Test func configurationDisablesAndOverrides() throws {
        var configuration = LintConfiguration()
        configuration.disabled = ["DL3008"]
        configuration.severityOverrides = ["apt-get-no-install-recommends": .error]
        let document = try DockerfileDocument(path: "Dockerfile", source: Array((base + "RUN apt-get install -y curl\n").utf8))
        let findings = Linter(configuration: configuration).lint(document)
        #expect(!findings.contains { $0.ruleID == "apt-pin-versions" })
        #expect(findings.first { $0.ruleID == "apt-get-no-install-recommends" }?.severity == .error)
    }

    @Test func inlineIgnoresCanBeTurnedOff() throws {
        var configuration = LintConfiguration()
        configuration.honourInlineIgnores = false
        let text = base + "# hadolint ignore=DL3008\nRUN apt-get install -y --no-install-recommends curl\n"
        #expect(try rules(text, configuration: configuration).contains("5:apt-pin-versions"))
    }

    @Test func settingsBecomeTheLintConfiguration() throws {
        var settings = LintSettings()
        settings.disable = ["DL3008"]
        settings.severity = ["apt-lists-cleanup": "error"]
        settings.failureThreshold = "warning"
        settings.trustedRegistries = ["docker.io"]
        settings.labelSchema = ["version": "semver"]
        let configuration = LintConfiguration(settings)
        #expect(configuration.disabled == ["DL3008"])
        #expect(configuration.severityOverrides["apt-lists-cleanup"] == .error)
        #expect(configuration.failureThreshold == .severity(.warning))
        #expect(configuration.trustedRegistries == ["docker.io"])
        #expect(configuration.labelSchema["version"] == .semver)
        #expect(LintConfiguration(LintSettings()) == LintConfiguration())
    }

    /// The settings reader checks values against its own lists; they must be the lint module's.
    @Test func theSettingsReaderKnowsEverySeverityAndLabelFormat() {
        #expect(LintSettings.severities == Severity.allCases.map(\.rawValue))
        #expect(LintSettings.labelFormats == LabelFormat.allCases.map(\.rawValue))
    }
}
