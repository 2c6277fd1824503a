import Foundation
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `stagecraft lint`, `rules` and `explain` as users run them.
@Suite final class LintCommandTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("lint") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    static let messy =
        "FROM ubuntu:24.04\nMAINTAINER me\nRUN apt-get update && apt-get install curl=8.5.0 && rm -rf /var/lib/apt/lists/*\nCMD node server.js\nENV A b\nUSER 1000\nHEALTHCHECK NONE\n"
    static let clean =
        "FROM alpine:3.20\nUSER 1000:1000\nHEALTHCHECK CMD [\"wget\", \"-q\", \"-O-\", \"http://localhost:8080/health\"]\nCMD [\"sleep\", \"1\"]\n"

    func write(_ text: String, _ name: String = "Dockerfile") throws -> URL {
        try Paths.write(text, to: name, in: folder)
    }

    func stagecraft(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(Paths.stagecraft.path, arguments, directory: folder)
    }

    @Test func findsDockerfilesInFoldersAndExitsByThreshold() throws {
        _ = try write(Self.messy, "services/api/Dockerfile")
        _ = try write(Self.clean, "services/web/Dockerfile.prod")
        _ = try write(Self.messy, "node_modules/x/Dockerfile")
        let result = try stagecraft(["lint", "--format", "json", "."])
        #expect(result.status == 1)
        let findings = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        let files = Set(findings.compactMap { $0["file"] as? String })
        #expect(files == ["services/api/Dockerfile"])
        #expect(
            findings.contains {
                $0["code"] as? String == "maintainer-deprecated" && ($0["aliases"] as? [String])?.contains("DL4000") == true
            })
        #expect(try stagecraft(["lint", "services/web"]).status == 0)
        // Findings are the report; exit 1 adds nothing (not even a blank line) to standard error.
        let failing = try stagecraft(["lint", "services/api"])
        #expect(failing.status == 1 && failing.stderr.isEmpty)
        // Escape sequences in a file reach the terminal written out, never as control bytes.
        _ = try write("FROM alpine:3.20\nMAINTAINER \u{1B}]0;owned\u{07}\u{1B}[2J me\nUSER 1000\n", "hostile/Dockerfile")
        let hostile = try stagecraft(["lint", "--no-color", "hostile"])
        #expect(!hostile.stdout.contains(0x1B) && !hostile.stdout.contains(0x07))
        #expect(hostile.stdoutText.contains("\\x1b]0;owned\\x07"))
        #expect(try stagecraft(["lint", "--failure-threshold", "none", "services/api"]).status == 0)
    }

    @Test func fixRewritesInPlaceAndIsIdempotent() throws {
        let url = try write(Self.messy)
        let before = try Data(contentsOf: url)
        #expect(try stagecraft(["lint", "--diff", "Dockerfile"]).stdoutText.contains("+CMD [\"node\", \"server.js\"]"))
        #expect(try Data(contentsOf: url) == before, "--diff leaves the file alone")
        _ = try stagecraft(["lint", "--fix", "Dockerfile"])
        let fixed = try String(contentsOf: url, encoding: .utf8)
        #expect(fixed.contains("LABEL org.opencontainers.image.authors=\"me\""))
        #expect(fixed.contains("apt-get install --no-install-recommends -y curl=8.5.0"))
        #expect(fixed.contains("CMD [\"node\", \"server.js\"]") && fixed.contains("ENV A=b"))
        _ = try stagecraft(["lint", "--fix", "Dockerfile"])
        #expect(try String(contentsOf: url, encoding: .utf8) == fixed)
        let left = try stagecraft(["lint", "--format", "json", "Dockerfile"])
        let codes =
            (try JSONSerialization.jsonObject(with: left.stdout) as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
        #expect(
            !codes.contains("maintainer-deprecated") && !codes.contains("exec-form-cmd")
                && !codes.contains("env-key-value-format"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("stagecraft-") }
        #expect(leftovers.isEmpty)
    }

    @Test(arguments: ["sarif", "junit", "checkstyle", "github"])
    func machineFormatsAreWellFormed(format: String) throws {
        _ = try write(Self.messy)
        let result = try stagecraft(["lint", "--format", format, "Dockerfile"])
        #expect(result.status == 1)
        switch format {
        case "sarif":
            let log = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
            #expect(log["version"] as? String == "2.1.0")
            let runs = try #require(log["runs"] as? [[String: Any]])
            #expect((runs.first?["results"] as? [Any])?.isEmpty == false)
        case "junit", "checkstyle":
            let document = try XMLDocument(data: result.stdout)
            #expect(document.rootElement()?.name == (format == "junit" ? "testsuites" : "checkstyle"))
        default:
            #expect(result.stdoutText.split(separator: "\n").allSatisfy { $0.hasPrefix("::") })
        }
    }

    @Test func configurationFileAppliesAndBadOnesExitWithTwo() throws {
        _ = try write(Self.messy)
        _ = try write("lint:\n  failure-threshold: error\n  disable: [maintainer-deprecated]\n", ".stagecraft.yml")
        #expect(try stagecraft(["lint", "Dockerfile"]).status == 0)
        _ = try write("lint:\n  failure-threshold: sometimes\n", ".stagecraft.yml")
        let bad = try stagecraft(["lint", "Dockerfile"])
        #expect(bad.status == 2)
        #expect(bad.stderrText.contains(".stagecraft.yml:2: error: lint.failure-threshold"))
    }

    /// One configuration, found from the folder linted upwards, and shown by `config show`.
    @Test func theLintedProjectsConfigurationAppliesAndConfigShowsIt() throws {
        _ = try write(Self.messy, "project/services/api/Dockerfile")
        _ = try write("lint:\n  failure-threshold: error\n  disable: [maintainer-deprecated]\n", "project/.stagecraft.yml")
        _ = try write("rules:\n  lowestEfficiency: 0.25\n", "project/.dive-ci")
        #expect(try stagecraft(["lint", "project/services/api"]).status == 0)
        #expect(try stagecraft(["lint", "project/services/api/Dockerfile"]).status == 0)
        let shown = try stagecraft(["config", "show", "--format", "json", "project/services/api"])
        #expect(shown.status == 0, "\(shown.stderrText)")
        let document = try #require(try JSONSerialization.jsonObject(with: shown.stdout) as? [String: Any])
        #expect((document["lint"] as? [String: Any])?["failure-threshold"] as? String == "error")
        #expect((document["inspect"] as? [String: Any])?["lowest-efficiency"] as? Double == 0.25)
        #expect((document["origins"] as? [String: String]) == ["lint": "project/.stagecraft.yml", "inspect": "project/.dive-ci"])
        _ = try write("lint:\n  disable: [a]\ninspect:\n  lowest-efficiency: high\n", "project/.stagecraft.yml")
        let bad = try stagecraft(["config", "show", "project"])
        #expect(bad.status == 2)
        #expect(bad.stderrText.hasPrefix("project/.stagecraft.yml:4: error: inspect.lowest-efficiency: expected a ratio"))
        let schema = try stagecraft(["config", "schema"])
        let parsed = try #require(try JSONSerialization.jsonObject(with: schema.stdout) as? [String: Any])
        #expect(parsed["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    }

    @Test func unusableInputExitsWithTwo() throws {
        _ = try write("FROM alpine:3.20\nENV lonely\n")
        let broken = try stagecraft(["lint", "--format", "json", "Dockerfile"])
        #expect(broken.status == 2)
        #expect(broken.stdoutText.contains("syntax-error"))
        #expect(try stagecraft(["lint", "missing/Dockerfile"]).status == 2)
        #expect(try stagecraft(["lint", "--format", "yaml", "Dockerfile"]).status == 2)
        #expect(try stagecraft(["explain", "DL9999"]).status == 2)
    }

    @Test func rulesAndExplainDescribeTheCatalogue() throws {
        let rules = try stagecraft(["rules", "--format", "json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: rules.stdout) as? [[String: Any]])
        #expect(entries.count >= 60)
        let explain = try stagecraft(["explain", "DL3015"])
        #expect(explain.status == 0)
        #expect(explain.stdoutText.contains("apt-get-no-install-recommends"))
        #expect(explain.stdoutText.contains("↓RUN apt-get install"))
    }
}
