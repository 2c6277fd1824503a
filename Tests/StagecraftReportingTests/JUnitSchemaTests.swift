import Foundation
import StagecraftReporting
import TestSupport
import Testing

/// Every kind of case the JUnit renderer writes, checked against the JUnit XSD CI servers read.
@Suite struct JUnitSchemaTests {
    @Test func everyOutcomeTheRendererWritesIsValidJUnit() throws {
        let suites = [
            CheckSuite(
                name: "api:runtime",
                cases: [
                    CheckCase(group: "api", name: "runs as non-root", outcome: .pass, seconds: 0.25),
                    CheckCase(
                        group: "api", name: "health <ok> & \"ready\"",
                        outcome: .fail(message: "exit 1\nafter 3 tries", type: "error", detail: "log:\u{1B}[31m red\u{07}\n"),
                        seconds: 1234.5),
                    CheckCase(group: "api", name: "no detail", outcome: .fail(message: "failed")),
                    CheckCase(group: "api", name: "integration", outcome: .skip(message: "no engine")),
                    CheckCase(group: "api", name: "size", outcome: .note("312 MB, 4 layers")),
                ], seconds: 1236),
            CheckSuite(name: "empty", cases: []),
        ]
        let folder = try Paths.temporaryDirectory("junit")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("report.xml")
        try JUnit.render(name: "stagecraft test", suites: suites).write(to: file, atomically: true, encoding: .utf8)
        guard let result = try JUnitSchema.validate([file.path]) else { return }
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText.suffix(2000))")
        #expect(result.stdoutText.contains("report.xml: valid"))
    }

    @Test func theValidatorRejectsWhatTheXSDForbids() throws {
        let folder = try Paths.temporaryDirectory("junit")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("bad.xml")
        // A testcase without its required name.
        try
            "<testsuites><testsuite name=\"s\" tests=\"1\" failures=\"0\" errors=\"0\"><testcase classname=\"c\"/></testsuite></testsuites>"
            .write(to: file, atomically: true, encoding: .utf8)
        guard let result = try JUnitSchema.validate([file.path]) else { return }
        #expect(result.status == 1, "\(result.stdoutText)")
        #expect(result.stdoutText.contains("bad.xml: invalid"))
    }
}
