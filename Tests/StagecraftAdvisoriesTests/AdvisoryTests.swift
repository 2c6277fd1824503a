import Foundation
import PackageVersions
import StagecraftAdvisories
import StagecraftReporting
import TestSupport
import Testing

/// The PyPI advisory database (../shared/vulndata/pypa-advisory-database), read whole, and every
/// range evaluated beside an independent evaluation of the same OSV ranges with `packaging`.
@Suite struct PyPAAdvisoryTests {
    static let database = Paths.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/vulndata/pypa-advisory-database/vulns")

    /// OSV's range evaluation in Python over packaging's Version, for the versions each record
    /// names (listed ones and every event's).
    static let oracle = """
        import json, os, sys, yaml
        root = sys.argv[1]
        \(OSVOracle.functions)
        out = []
        for folder, _, files in os.walk(root):
            for name in sorted(files):
                if not name.endswith(".yaml"): continue
                path = os.path.join(folder, name)
                record = yaml.safe_load(open(path))
                for index, entry in enumerate(record.get("affected") or []):
                    if entry.get("package", {}).get("ecosystem") != "PyPI": continue
                    candidates = list(entry.get("versions") or [])[:3]
                    for r in entry.get("ranges") or []:
                        for e in r.get("events") or []:
                            candidates += [str(x) for x in e.values() if str(x) != "0"]
                    for text in sorted(set(candidates)):
                        if parse(text) is None: continue
                        out.append([path, index, text, affected(entry, text)])
        print(json.dumps(out))
        """

    @Test func everyRecordReadsAndMatchesAsPackagingEvaluatesIt() throws {
        guard Paths.exists(Self.database) else {
            if Paths.isCI { Issue.record("../shared/vulndata/pypa-advisory-database is missing") }
            return
        }
        let advisories = try AdvisoryReader.readFolder(Self.database.path)
        #expect(advisories.count > 2600)
        #expect(advisories.allSatisfy { !$0.affected.isEmpty })
        guard let python = Paths.executable(named: "python3") else {
            Issue.record("python3 is needed for the independent check")
            return
        }
        let result = try ProcessRunner.run(python, ["-c", Self.oracle, Self.database.path])
        guard result.status == 0 else {
            Issue.record("the packaging check failed (pip install packaging pyyaml): \(result.stderrText)")
            return
        }
        let cases = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[Any]])
        #expect(cases.count > 10_000)
        let byPath = Dictionary(advisories.map { ($0.source, $0) }, uniquingKeysWith: { first, _ in first })
        var disagreements: [String] = []
        var affectedCount = 0
        for item in cases {
            guard let path = item[0] as? String, let index = item[1] as? Int, let version = item[2] as? String,
                let expected = item[3] as? Bool, let advisory = byPath[path]
            else {
                Issue.record("unexpected oracle row \(item)")
                continue
            }
            let got = try advisory.affected[index].affects(version)
            if got { affectedCount += 1 }
            if got != expected { disagreements.append("\(advisory.id) \(version): stagecraft \(got), packaging \(expected)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements, e.g. \(disagreements.prefix(5))")
        #expect(affectedCount > 1000 && affectedCount < cases.count, "both answers occur")
    }
}

/// Bad advisory files are errors that say where and what, never a crash or an empty answer.
@Suite struct AdvisoryInputTests {
    func problem(_ text: String) -> FileProblem? {
        do {
            _ = try AdvisoryReader.parse(text, path: "bad.json")
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownFieldsAreIgnoredAndRangesMatch() throws {
        let advisory = try AdvisoryReader.parse(
            """
            {"id": "OSV-1", "schema_version": "9.9.9", "new_field": {"x": 1},
             "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"},
                           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.11-1~deb12u2"},
                                                                      {"future_event": "1"}]}]},
                          {"package": {"ecosystem": "npm", "name": "lodash"},
                           "ranges": [{"type": "SEMVER", "events": [{"introduced": "4.0.0"}, {"last_affected": "4.17.20"}]}]}],
             "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]}
            """, path: "osv.json")
        #expect(try advisory.affected[0].affects("3.0.9-1"))
        #expect(try !advisory.affected[0].affects("3.0.11-1"), "~deb12u2 sorts before the bare revision")
        #expect(try !advisory.affected[0].affects("3.0.11-1~deb12u2"))
        #expect(try !advisory.affected[0].affects("3.0.13-1~deb12u1"))
        #expect(try advisory.affected[1].affects("4.17.20"))
        #expect(try !advisory.affected[1].affects("4.17.21"))
        #expect(try !advisory.affected[1].affects("3.10.1"))
        #expect(throws: VersionError.self) { try advisory.affected[1].affects("not-a-version") }
    }

    @Test(arguments: [
        ("{\"affected\": []}", nil as Int?, "id is required"),
        ("{\"id\": \"X\", \"affected\": {\"package\": 1}}", 1, "affected: expected a list"),
        ("{\"id\": \"X\", \"affected\": [{\"package\": {\"name\": \"a\"}}]}", 1, "ecosystem is required"),
        (
            "id: X\naffected:\n  - package: {ecosystem: PyPI, name: a}\n    ranges:\n      - type: ECOSYSTEM\n        events: [fixed]\n",
            6,
            "an event is one of"
        ),
        ("id: X\naliases: {a: b}\n", 2, "aliases: expected a list"),
        ("[1, 2", nil, "not valid JSON or YAML"),
    ])
    func badRecordsNameTheFieldAndLine(text: String, line: Int?, message: String) throws {
        let error = try #require(problem(text))
        #expect(error.problem.contains(message), "\(error)")
        if let line { #expect(error.position.line == line, "\(error)") }
        #expect(error.position.file == "bad.json")
    }

    @Test func pypiNamesAreNormalisedAsPEP503Says() {
        #expect(normalisedPackageName("Django_REST.framework", ecosystem: "PyPI") == "django-rest-framework")
        #expect(normalisedPackageName("a--b__c", ecosystem: "PyPI") == "a-b-c")
        #expect(normalisedPackageName("Foo_Bar", ecosystem: "npm") == "Foo_Bar")
    }
}
