import Foundation
import StagecraftAdvisories
import StagecraftReporting
import TestSupport
import Testing

/// CVSS v3 base scores beside the `cvss` package (PyPI), on every vector the PyPI advisory
/// database carries and on seeded random vectors over all base metric values.
@Suite struct CVSSTests {
    static func randomVectors(_ count: Int) -> [String] {
        var random = SeededGenerator(seed: 31)
        let values: [(String, [String])] = [
            ("AV", ["N", "A", "L", "P"]), ("AC", ["L", "H"]), ("PR", ["N", "L", "H"]), ("UI", ["N", "R"]), ("S", ["U", "C"]),
            ("C", ["H", "L", "N"]), ("I", ["H", "L", "N"]), ("A", ["H", "L", "N"]),
        ]
        return (0..<count).map { _ in
            ([random.pick(["CVSS:3.1", "CVSS:3.0"])] + values.map { "\($0.0):\(random.pick($0.1))" }).joined(separator: "/")
        }
    }

    @Test func scoresAgreeWithTheCvssPackage() throws {
        var vectors = Self.randomVectors(600)
        if let advisories = try? AdvisoryReader.readFolder(PyPAAdvisoryTests.database.path) {
            vectors += advisories.flatMap(\.severity).filter { $0.type == "CVSS_V3" }.map(\.score)
        }
        guard let python = Paths.executable(named: "python3") else {
            Issue.record("python3 is needed")
            return
        }
        let script = """
            import json, sys
            from cvss import CVSS3
            print(json.dumps([CVSS3(v).scores()[0] for v in json.load(sys.stdin)]))
            """
        let result = try ProcessRunner.run(python, ["-c", script], input: try JSONSerialization.data(withJSONObject: vectors))
        guard result.status == 0 else {
            if Paths.isCI { Issue.record("the cvss package is missing (pip install cvss): \(result.stderrText)") }
            return
        }
        let theirs = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [Double])
        var disagreements: [String] = []
        for (vector, expected) in zip(vectors, theirs) {
            let ours = try CVSS3(vector).baseScore
            if abs(ours - expected) > 1e-9 { disagreements.append("\(vector): stagecraft \(ours), cvss \(expected)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count): \(disagreements.prefix(5))")
        #expect(vectors.count > 600)
    }

    @Test func severitiesFollowTheSpecificationsBands() throws {
        #expect(try CVSS3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").baseScore == 9.8)
        #expect(try CVSS3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").severity == .critical)
        #expect(try CVSS3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N").severity == .none)
        #expect(try CVSS3("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:P/RL:O").baseScore == 6.1)
        #expect(throws: FileProblem.self) { try CVSS3("CVSS:2.0/AV:N") }
        #expect(throws: FileProblem.self) { try CVSS3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H") }
        #expect(throws: FileProblem.self) { try CVSS3("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H") }
        #expect(throws: FileProblem.self) { try CVSS3("CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H") }
    }
}
