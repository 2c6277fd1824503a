import Foundation
import StagecraftReporting

/// `stagecraft test` results as text, JSON or JUnit XML.
public struct TestReport: Sendable {
    public var results: [ImageTestResult]

    public init(results: [ImageTestResult]) { self.results = results }

    public var failed: Bool { results.contains(where: \.failed) }

    public func text() -> String {
        var out = ""
        for result in results {
            out += "\(result.label) (\(result.image)): \(result.failed ? "FAILED" : "ok")\n"
            let rows = result.checks.map { check in
                let time = check.seconds > 0 ? String(format: " (%.1fs)", check.seconds) : ""
                return [check.status.rawValue.uppercased(), "\(check.name): \(check.detail)\(time)"]
            }
            if !rows.isEmpty { out += textTable(rows, indent: "  ") + "\n" }
        }
        let failures = results.filter(\.failed).count
        out += "\n\(results.count - failures) of \(results.count) image(s) passed\n"
        // File names, labels and logs come from outside: no control character reaches the terminal.
        return terminalSafe(out)
    }

    struct Document: Encodable {
        struct Check: Encodable {
            var name: String
            var status: String
            var detail: String
            var seconds: Double
        }
        struct Image: Encodable {
            var label: String
            var image: String
            var passed: Bool
            var checks: [Check]
        }
        var passed: Bool
        var images: [Image]
    }

    public func json() -> String {
        let document = Document(
            passed: !failed,
            images: results.map { result in
                .init(
                    label: result.label, image: result.image, passed: !result.failed,
                    checks: result.checks.map {
                        .init(
                            name: $0.name, status: $0.status.rawValue, detail: $0.detail,
                            seconds: ($0.seconds * 1000).rounded() / 1000)
                    })
            })
        return (try? prettyJSON(document)) ?? "{}"
    }

    /// A suite per image, a case per check; warnings pass with their detail shown.
    var checkSuites: [CheckSuite] {
        results.map { result in
            CheckSuite(
                name: result.label,
                cases: result.checks.map { check in
                    let outcome: CheckCase.Outcome =
                        switch check.status {
                        case .pass: .pass
                        case .fail: .fail(message: check.detail)
                        case .warn: .note("warning: \(check.detail)")
                        }
                    return CheckCase(group: result.image, name: check.name, outcome: outcome, seconds: check.seconds)
                }, seconds: result.checks.reduce(0) { $0 + $1.seconds })
        }
    }

    /// JUnit XML: a suite per image, a test case per check; warnings pass with their detail in system-out.
    public func junit() -> String { JUnit.render(name: "stagecraft test", suites: checkSuites) }

    /// Markdown for a CI step summary.
    public func markdown() -> String { MarkdownSummary.render(title: "stagecraft test", suites: checkSuites) }
}
