import DockerfileSyntax
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

    @Test func readsStagecraftAndHadolintConfigurationFiles() throws {
        let stagecraft = try ConfigurationFile.parse(
            "lint:\n  disable: [DL3008]\n  severity:\n    apt-lists-cleanup: error\n  failure-threshold: warning\n  trusted-registries: [docker.io]\n",
            path: ".stagecraft.yml")
        #expect(stagecraft.disabled == ["DL3008"])
        #expect(stagecraft.severityOverrides["apt-lists-cleanup"] == .error)
        #expect(stagecraft.failureThreshold == .severity(.warning))
        #expect(stagecraft.trustedRegistries == ["docker.io"])
        let hadolint = try ConfigurationFile.parse(
            "ignored: [DL3006]\noverride:\n  info: [DL3008]\ntrustedRegistries: docker.io\nfailure-threshold: error\n",
            path: ".hadolint.yaml")
        #expect(hadolint.disabled == ["DL3006"])
        #expect(hadolint.severityOverrides["DL3008"] == .info)
        #expect(hadolint.failureThreshold == .severity(.error))
    }

    @Test func configurationErrorsNameFileLineAndKey() throws {
        let error = try #require(throws: ConfigurationFile.Error.self) {
            try ConfigurationFile.parse("lint:\n  disable: [a]\n  failur-threshold: warning\n", path: ".stagecraft.yml")
        }
        #expect(error.line == 3)
        #expect(error.keyPath == "lint.failur-threshold")
        #expect(error.description.hasPrefix(".stagecraft.yml:3: lint.failur-threshold: unknown setting"))
    }
}
