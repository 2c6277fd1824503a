import DockerfileSyntax
import Foundation

/// `stagecraft test` results as text, JSON or JUnit XML.
public struct TestReport: Sendable {
    public var results: [ImageTestResult]

    public init(results: [ImageTestResult]) { self.results = results }

    public var failed: Bool { results.contains(where: \.failed) }

    public func text() -> String {
        var out = ""
        for result in results {
            out += "\(result.label) (\(result.image)): \(result.failed ? "FAILED" : "ok")\n"
            for check in result.checks {
                out +=
                    "  \(check.status.rawValue.uppercased().padding(toLength: 4, withPad: " ", startingAt: 0))  \(check.name): \(check.detail)"
                out += check.seconds > 0 ? String(format: " (%.1fs)\n", check.seconds) : "\n"
            }
        }
        let failures = results.filter(\.failed).count
        out += "\n\(results.count - failures) of \(results.count) image(s) passed\n"
        return out
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

    /// JUnit XML: a suite per image, a test case per check; warnings pass with their detail in system-out.
    public func junit() -> String {
        let tests = results.reduce(0) { $0 + $1.checks.count }
        let failures = results.reduce(0) { $0 + $1.checks.filter { $0.status == .fail }.count }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"stagecraft test\" tests=\"\(tests)\" failures=\"\(failures)\">\n"
        for result in results {
            let failed = result.checks.filter { $0.status == .fail }.count
            let time = result.checks.reduce(0) { $0 + $1.seconds }
            out +=
                "  <testsuite name=\"\(xmlEscaped(result.label))\" tests=\"\(result.checks.count)\" failures=\"\(failed)\" time=\"\(String(format: "%.3f", time))\">\n"
            for check in result.checks {
                out +=
                    "    <testcase classname=\"\(xmlEscaped(result.image))\" name=\"\(xmlEscaped(check.name))\" time=\"\(String(format: "%.3f", check.seconds))\""
                switch check.status {
                case .pass: out += "/>\n"
                case .fail: out += ">\n      <failure message=\"\(xmlEscaped(check.detail))\"/>\n    </testcase>\n"
                case .warn: out += ">\n      <system-out>warning: \(xmlEscaped(check.detail))</system-out>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }
}
