import Foundation
import StagecraftConfiguration
import TestSupport
import Testing
import Yams

@testable import StagecraftRuntime
@testable import TarArchive

/// The parts of container-structure-test's semantics stagecraft reproduces without an engine.
@Suite struct StructureTestRulesTests {
    @Test(arguments: [
        ("$A/${B}/$C", "1/2/"), ("$(id -u)", "$(id -u)"), ("$$", ""), ("${}", ""), ("${A", "A"), ("cost: $", "cost: $"),
        ("$A_B", "x"), ("${A}B", "1B"), ("$1x", "x"), ("100%", "100%"),
    ])
    func expandsLikeGosOsExpand(input: String, expected: String) {
        let variables = ["A": "1", "B": "2", "A_B": "x"]
        #expect(StructureTests.expand(input) { variables[$0] ?? "" } == expected)
    }

    @Test func regexesAreUnanchoredAndDollarMeansTheEnd() {
        #expect(StructureTests.matches("ok", "all ok here"))
        #expect(!StructureTests.matches("^ok$", "ok\n"), "Go's $ does not match before a final newline")
        #expect(StructureTests.matches("^ok$", "ok"))
        #expect(StructureTests.matches("[$]5", "costs $5"))
        #expect(StructureTests.matches("v(?P<major>[0-9]+)", "v12"))
        #expect(!StructureTests.matches("(", "("), "an invalid regex is a failed match")
    }

    @Test func fileModesPrintAsGoPrintsThem() {
        func entry(_ kind: TarEntry.Kind, _ mode: Int) -> TarEntry {
            TarEntry(
                path: "x", linkTarget: "", kind: kind, size: 0, mode: mode, uid: 0, gid: 0, modificationTime: 0, userName: "",
                groupName: "",
                headerOffset: 0, contentOffset: 0)
        }
        #expect(StructureTests.fileModeString(entry(.file, 0o644)) == "-rw-r--r--")
        #expect(StructureTests.fileModeString(entry(.directory, 0o755)) == "drwxr-xr-x")
        #expect(StructureTests.fileModeString(entry(.file, 0o4750)) == "urwxr-x---")
        #expect(StructureTests.fileModeString(entry(.directory, 0o1777)) == "dtrwxrwxrwx")
        #expect(StructureTests.fileModeString(entry(.symbolicLink, 0o777)) == "Lrwxrwxrwx")
    }

    @Test func configsAreCheckedStrictly() throws {
        let folder = try Paths.temporaryDirectory("cst")
        defer { try? FileManager.default.removeItem(at: folder) }
        func load(_ text: String) throws -> StructureTestConfig {
            let url = folder.appendingPathComponent("c.yaml")
            try Data(text.utf8).write(to: url)
            return try StructureTestConfig.load(url.path)
        }
        let typo = try #require(throws: StructureTestConfig.LoadError.self) {
            try load("schemaVersion: \"2.0.0\"\ncommandTests:\n  - name: x\n    command: id\n    expectedOutputs: [a]\n")
        }
        #expect(typo.description.contains("c.yaml:5: unknown key expectedOutputs in commandTests"))
        let version = try #require(throws: StructureTestConfig.LoadError.self) { try load("schemaVersion: \"3.0.0\"\n") }
        #expect(version.description.contains("schemaVersion 3.0.0 is not supported"))
        let missing = try #require(throws: StructureTestConfig.LoadError.self) {
            try load("schemaVersion: \"2.0.0\"\ncommandTests:\n  - name: x\n")
        }
        #expect(missing.description.contains("missing command"))
        let json = try load(
            #"{"schemaVersion": "2.0.0", "fileExistenceTests": [{"name": "a", "path": "/a", "shouldExist": false}]}"#)
        #expect(json.fileExistenceTests?.first?.shouldExist == false)
    }
}

/// Integration plans: probe files and start order.
@Suite struct IntegrationPlanTests {
    @Test func probesComeFromTheirSettingsWithAPathFromTheRoot() {
        let probe = HTTPProbe(ProbeSettings(service: "api", port: 8080, path: "health"))
        #expect(probe == HTTPProbe(service: "api", port: 8080, path: "/health", status: 200, body: nil))
        #expect(HTTPProbe(ProbeSettings(service: "web", port: 80, status: 204, body: "^ok")).body == "^ok")
    }

    @Test func servicesStartAfterWhatTheyDependOn() {
        func service(_ name: String, _ dependencies: [String]) -> IntegrationService {
            IntegrationService(name: name, image: name, environment: [:], dependsOn: dependencies.map { ($0, "service_started") })
        }
        let (ordered, failure) = IntegrationRun.order([service("web", ["api"]), service("api", ["db"]), service("db", [])])
        #expect(failure == nil && ordered.map(\.name) == ["db", "api", "web"])
        let cycle = IntegrationRun.order([service("a", ["b"]), service("b", ["a"])])
        #expect(cycle.failure?.detail.contains("cycle") == true)
        let missing = IntegrationRun.order([service("a", ["ghost"])])
        #expect(missing.failure?.detail.contains("depends on ghost, which is not started") == true)
    }
}

/// How a compose `healthcheck:` becomes `docker run` flags.
@Suite struct HealthcheckOverrideTests {
    func flags(_ test: [String], disabled: Bool = false, interval: String? = nil, retries: Int? = nil) -> [String] {
        HealthcheckOverride(disabled: disabled, test: test, interval: interval, timeout: nil, retries: retries, startPeriod: nil)
            .runArguments
    }

    @Test func everyFormOfTestBecomesAShellCommand() {
        #expect(
            flags(["CMD-SHELL", "curl -f http://localhost/ || exit 1"]) == [
                "--health-cmd", "curl -f http://localhost/ || exit 1",
            ])
        #expect(
            flags(["CMD", "wget", "-q", "-O", "/dev/null", "http://localhost:8080/health"])
                == ["--health-cmd", "wget -q -O /dev/null http://localhost:8080/health"])
        #expect(flags(["CMD", "sh", "-c", "test -f '/tmp/ready'"]) == ["--health-cmd", #"sh -c 'test -f '\''/tmp/ready'\'''"#])
        #expect(flags(["pg_isready -U app"]) == ["--health-cmd", "pg_isready -U app"])
    }

    @Test func disablingAndTimingsMapToTheirFlags() {
        #expect(flags(["NONE"]) == ["--no-healthcheck"])
        #expect(flags(["CMD", "true"], disabled: true) == ["--no-healthcheck"])
        // Only timings: the image's own check runs on the new schedule.
        #expect(flags([], interval: "2s", retries: 5) == ["--health-interval", "2s", "--health-retries", "5"])
    }
}

/// `containerRunOptions` as `docker run` flags.
@Suite struct ContainerRunOptionsTests {
    @Test func testContainersGetEveryOptionAndSetupContainersCSTsSubset() throws {
        let options = try YAMLDecoder().decode(
            StructureTestConfig.ContainerRunOptions.self,
            from: """
                user: "0"
                privileged: true
                allocateTty: true
                envFile: vars.env
                envVars: [SET_ONE, UNSET_ONE]
                capabilities: [NET_ADMIN]
                bindMounts: ["/srv/data:/data"]
                """)
        let environment = ["SET_ONE": "value"]
        #expect(
            StructureTests.runFlags(options, forSetup: false, environment: environment) == [
                "--user", "0", "--privileged", "--cap-add", "NET_ADMIN", "--volume", "/srv/data:/data", "--tty", "--env-file",
                "vars.env", "-e", "SET_ONE=value",
            ])
        #expect(
            StructureTests.runFlags(options, forSetup: true, environment: environment) == [
                "--user", "0", "--privileged", "--cap-add", "NET_ADMIN", "--volume", "/srv/data:/data",
            ])
        #expect(StructureTests.runFlags(nil, forSetup: false).isEmpty)
    }
}
