import Foundation
import StagecraftConfiguration
import TestSupport
import Testing

@Suite struct ConfigurationReadingTests {
    func parse(_ text: String, path: String = ".stagecraft.yml") throws(ConfigurationError) -> ProjectConfiguration {
        var configuration = ProjectConfiguration()
        try ConfigurationLoader.parse(text, path: path, into: &configuration)
        return configuration
    }

    func problem(_ text: String, path: String = ".stagecraft.yml") -> ConfigurationError? {
        do {
            _ = try parse(text, path: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsEverySectionTyped() throws {
        let configuration = try parse(
            """
            lint:
              disable: [apt-pin-versions, DL3059]
              enable: runtime-user-numeric
              severity: {apt-lists-cleanup: warning}
              exclude: ["legacy/**"]
              trusted-registries: [docker.io]
              failure-threshold: warning
              inline-ignores: false
              shellcheck: yes
              label-schema: {version: semver}
            inspect:
              lowest-efficiency: 0.95
              highest-wasted-bytes: 20MB
              highest-user-wasted-percent: disabled
            test:
              probes:
                - service: api
                  port: 8080
                  path: /health
                - {service: web, port: 3000, status: 204, body: "^ok"}
            history:
              path: builds/history.db
              url: postgresql://ci@db/builds
            gates:
              size-growth: 0.2
              cache-hit-drop: 0.1
              new-vulnerabilities: false
              baseline-branch: trunk
            ci:
              targets: [runtime, development]
              skip: [report]
              integration: false
            x-anchors: {anything: [1, 2]}
            """)
        #expect(configuration.lint.disable == ["apt-pin-versions", "DL3059"])
        #expect(configuration.lint.enable == ["runtime-user-numeric"])
        #expect(configuration.lint.severity == ["apt-lists-cleanup": "warning"])
        #expect(configuration.lint.failureThreshold == "warning")
        #expect(configuration.lint.inlineIgnores == false)
        #expect(configuration.lint.shellcheck)
        #expect(configuration.lint.labelSchema == ["version": "semver"])
        #expect(configuration.inspect.lowestEfficiency == 0.95)
        #expect(configuration.inspect.highestWastedBytes == 20_000_000)
        #expect(configuration.inspect.highestUserWastedPercent == nil)
        #expect(
            configuration.test.probes == [
                ProbeSettings(service: "api", port: 8080, path: "/health"),
                ProbeSettings(service: "web", port: 3000, status: 204, body: "^ok"),
            ])
        #expect(configuration.history.path == "builds/history.db" && configuration.history.url == "postgresql://ci@db/builds")
        #expect(configuration.gates.sizeGrowth == 0.2 && configuration.gates.cacheHitDrop == 0.1)
        #expect(!configuration.gates.newVulnerabilities && configuration.gates.baselineBranch == "trunk")
        #expect(configuration.ci.targets == ["runtime", "development"] && configuration.ci.skip == ["report"])
        #expect(!configuration.ci.integration)
        #expect(
            configuration.origins
                == Dictionary(
                    uniqueKeysWithValues: ["lint", "inspect", "test", "history", "gates", "ci"].map { ($0, ".stagecraft.yml") }))
    }

    @Test func absentSectionsKeepTheirDefaults() throws {
        let configuration = try parse("lint:\n  disable: [a]\n")
        #expect(configuration.inspect == InspectSettings())
        #expect(configuration.inspect.lowestEfficiency == 0.9)
        #expect(configuration.origin(of: "inspect") == nil)
        #expect(try parse("") == ProjectConfiguration())
        #expect(try parse("lint:\n").lint == LintSettings())
    }

    @Test func unknownKeysNameTheFileLineAndANearName() throws {
        let error = try #require(problem("lint:\n  disable: [a]\n  failur-threshold: warning\n"))
        #expect(error.line == 3)
        #expect(error.keyPath == "lint.failur-threshold")
        #expect(error.remedy == "did you mean failure-threshold?")
        #expect(error.description.hasPrefix(".stagecraft.yml:3: lint.failur-threshold: unknown setting"))
        let far = try #require(problem("lnit:\n  disable: [a]\n"))
        #expect(far.line == 1 && far.remedy == "did you mean lint?")
        let section = try #require(problem("inspect:\n  colour: red\n"))
        #expect(section.remedy?.contains("lowest-efficiency") == true)
    }

    @Test(arguments: [
        ("lint:\n  shellcheck: sometimes\n", 2, "lint.shellcheck", "expected true or false"),
        ("lint:\n  failure-threshold: fatal\n", 2, "lint.failure-threshold", "expected one of error, warning, info, style, none"),
        ("lint:\n  severity:\n    DL3008: loud\n", 3, "lint.severity.DL3008", "expected one of error, warning"),
        ("lint:\n  disable: {a: b}\n", 2, "lint.disable", "expected a list of strings"),
        ("lint:\n  disable: [a, [b]]\n", 2, "lint.disable", "expected a string in the list"),
        ("inspect:\n  lowest-efficiency: 1.5\n", 2, "inspect.lowest-efficiency", "expected a ratio between 0 and 1"),
        ("inspect:\n  highest-wasted-bytes: lots\n", 2, "inspect.highest-wasted-bytes", "expected a size"),
        ("inspect:\n  lowest-efficiency: [0.9]\n", 2, "inspect.lowest-efficiency", "expected a single value"),
        ("test:\n  probes: {service: api}\n", 2, "test.probes", "expected a list"),
        ("test:\n  probes:\n    - service: api\n", 3, "test.probes.0", "port is required"),
        ("test:\n  probes:\n    - {service: api, port: 70000}\n", 3, "test.probes.0.port", "out of range"),
        ("test:\n  probes:\n    - {service: api, port: 80, verb: GET}\n", 3, "test.probes.0.verb", "unknown setting"),
        ("- lint\n", 1, "(document)", "expected a mapping"),
        ("lint: [a]\n", 1, "lint", "expected a mapping"),
        ("lint:\n  disable: [a\n", 3, "(document)", "not valid YAML"),
    ])
    func wrongTypesAreReportedWhereTheyAre(text: String, line: Int, keyPath: String, message: String) throws {
        let error = try #require(problem(text))
        #expect(error.line == line, "\(error)")
        #expect(error.keyPath == keyPath, "\(error)")
        #expect(error.message.contains(message), "\(error)")
    }

    @Test func readsTheHadolintFileIntoLint() throws {
        let configuration = try parse(
            """
            ignored: [DL3008]
            trustedRegistries: [docker.io]
            failure-threshold: error
            disable-ignore-pragma: true
            override:
              warning: [DL3015, DL3059]
            format: tty
            no-color: true
            """, path: "sub/.hadolint.yaml")
        #expect(configuration.lint.disable == ["DL3008"])
        #expect(configuration.lint.inlineIgnores == false)
        #expect(configuration.lint.severity == ["DL3015": "warning", "DL3059": "warning"])
        #expect(configuration.lint.failureThreshold == "error")
        #expect(configuration.origins == ["lint": "sub/.hadolint.yaml"])
        #expect(problem("override:\n  fatal: [DL3008]\n", path: ".hadolint.yaml")?.line == 2)
    }

    @Test func readsDivesRulesIntoInspect() throws {
        let configuration = try parse(
            "rules:\n  lowestEfficiency: 0.99\n  highestWastedBytes: 20MiB\n  highestUserWastedPercent: disabled\n",
            path: ".dive-ci")
        #expect(configuration.inspect.lowestEfficiency == 0.99)
        #expect(configuration.inspect.highestWastedBytes == 20_971_520)
        #expect(configuration.inspect.highestUserWastedPercent == nil)
        #expect(problem("rules:\n  lowestEfficency: 0.9\n", path: ".dive-ci")?.remedy == "did you mean lowestEfficiency?")
    }

    @Test(arguments: [
        ("1048576", 1_048_576), ("20MB", 20_000_000), ("20mib", 20_971_520), ("512k", 524_288), ("8G", 8 << 30),
        ("1.5GB", 1_500_000_000), ("2 TiB", 2 << 40), ("100b", 100), ("0", 0),
    ])
    func sizesReadAsDocumented(text: String, bytes: Int) {
        #expect(ByteCount.parse(text) == bytes)
    }

    @Test(arguments: ["", "MB", "20XB", "-1", "20MBB", "1e30", "99999999999P"])
    func sizesThatAreNotSizes(text: String) {
        #expect(ByteCount.parse(text) == nil)
    }
}

@Suite struct ConfigurationDiscoveryTests {
    let root: URL

    init() throws { root = try Paths.temporaryDirectory("config-discovery") }

    func write(_ relative: String, _ text: String) throws { try Paths.write(text, to: relative, in: root) }

    @Test func theNearestFolderUpToTheRepositoryRootWins() throws {
        try FileManager.default.createDirectory(at: root.appendingPathComponent("repo/.git"), withIntermediateDirectories: true)
        try write("repo/.stagecraft.yml", "lint:\n  disable: [top]\n")
        try write("repo/services/api/Dockerfile", "FROM scratch\n")
        try write("repo/services/web/.stagecraft.yaml", "lint:\n  disable: [web]\n")
        let api = try ConfigurationLoader.load(explicit: nil, folder: root.appendingPathComponent("repo/services/api").path)
        #expect(api.lint.disable == ["top"])
        let web = try ConfigurationLoader.load(explicit: nil, folder: root.appendingPathComponent("repo/services/web").path)
        #expect(web.lint.disable == ["web"])
        // Above the repository root nothing is read, even when a file is there.
        try write(".stagecraft.yml", "lint:\n  disable: [outside]\n")
        try FileManager.default.removeItem(at: root.appendingPathComponent("repo/.stagecraft.yml"))
        let none = try ConfigurationLoader.load(explicit: nil, folder: root.appendingPathComponent("repo/services/api").path)
        #expect(none == ProjectConfiguration())
    }

    @Test func aSectionTheOwnFileLacksComesFromThePeersFileBesideIt() throws {
        try write("p/.stagecraft.yml", "test:\n  probes: [{service: api, port: 80}]\n")
        try write("p/.hadolint.yaml", "ignored: [DL3008]\n")
        try write("p/.dive-ci", "rules:\n  lowestEfficiency: 0.5\n")
        let configuration = try ConfigurationLoader.load(explicit: nil, folder: root.appendingPathComponent("p").path)
        #expect(configuration.lint.disable == ["DL3008"])
        #expect(configuration.inspect.lowestEfficiency == 0.5)
        #expect(configuration.test.probes.count == 1)
        #expect(configuration.origin(of: "lint")?.hasSuffix("p/.hadolint.yaml") == true)
        // The own file's section wins over the peer's.
        try write("p/.stagecraft.yml", "lint:\n  disable: [own]\n")
        #expect(
            try ConfigurationLoader.load(explicit: nil, folder: root.appendingPathComponent("p").path).lint.disable == ["own"])
    }

    @Test func anExplicitFileIsTheOnlyOneRead() throws {
        try write("q/.stagecraft.yml", "lint:\n  disable: [beside]\n")
        try write("q/custom.yml", "lint:\n  disable: [custom]\n")
        let custom = root.appendingPathComponent("q/custom.yml").path
        #expect(
            try ConfigurationLoader.load(explicit: custom, folder: root.appendingPathComponent("q").path).lint.disable == [
                "custom"
            ])
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.load(explicit: custom + ".missing") }
        // A folder is not a configuration file.
        let error = try #require(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(explicit: root.appendingPathComponent("q").path)
        }
        #expect(error.message == "not a regular file")
    }
}

@Suite struct ConfigurationSchemaTests {
    @Test func theReferencePagesAreCurrent() throws {
        let docs = Paths.packageRoot.appendingPathComponent("docs")
        let markdown = try String(contentsOf: docs.appendingPathComponent("configuration.md"), encoding: .utf8)
        #expect(
            markdown == ConfigurationSchema.markdown(),
            "docs/configuration.md is stale: run stagecraft config schema --format markdown > docs/configuration.md")
        let schema = try String(contentsOf: docs.appendingPathComponent("stagecraft.schema.json"), encoding: .utf8)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let current = String(decoding: try encoder.encode(ConfigurationSchema.json()), as: UTF8.self)
        #expect(
            schema == current + "\n",
            "docs/stagecraft.schema.json is stale: run stagecraft config schema > docs/stagecraft.schema.json")
    }

    @Test func everySettingIsDocumentedWithItsDefault() {
        let lint = ConfigurationSchema.sections.first { $0.key == "lint" }
        guard case .section(let settings)? = lint?.shape else {
            Issue.record("lint is not a section")
            return
        }
        #expect(settings.first { $0.key == "failure-threshold" }?.defaultValue == .string("info"))
        #expect(settings.allSatisfy { !$0.summary.isEmpty })
        #expect(ConfigurationSchema.markdown().contains("| `lowest-efficiency` | a ratio, 0 to 1, or `disabled` | `0.9` |"))
    }

    /// The generated schema accepts what the reader accepts and refuses what it refuses, checked
    /// with a real JSON-schema validator.
    @Test func theSchemaAgreesWithTheReader() throws {
        guard let checker = Paths.executable(named: "check-jsonschema") else {
            if Paths.isCI { Issue.record("check-jsonschema is not installed; scripts/test.sh installs it") }
            return
        }
        let folder = try Paths.temporaryDirectory("config-schema")
        let schema = folder.appendingPathComponent("schema.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(ConfigurationSchema.json()).write(to: schema)
        let good = """
            lint: {disable: [a], severity: {DL3008: style}, failure-threshold: none, shellcheck: true}
            inspect: {lowest-efficiency: 0.5, highest-wasted-bytes: 20MiB, highest-user-wasted-percent: disabled}
            test: {probes: [{service: api, port: 80, path: /h, status: 200, body: ok}]}
            x-mine: 1
            """
        let bad = [
            "lint: {failur-threshold: none}\n", "inspect: {lowest-efficiency: 2}\n", "test: {probes: [{service: api}]}\n",
            "lint: {severity: {DL3008: loud}}\n", "inspect: {highest-wasted-bytes: lots}\n", "colour: red\n",
        ]
        for (index, text) in ([good] + bad).enumerated() {
            let file = folder.appendingPathComponent("\(index).yml")
            try Data(text.utf8).write(to: file)
            var configuration = ProjectConfiguration()
            let readerAccepts = (try? ConfigurationLoader.parse(text, path: file.path, into: &configuration)) != nil
            let result = try ProcessRunner.run(checker, ["--schemafile", schema.path, file.path])
            #expect(readerAccepts == (index == 0), "\(text)")
            #expect((result.status == 0) == readerAccepts, "\(text): \(result.stdoutText)\(result.stderrText)")
        }
    }
}
