import DockerfileSyntax

extension InspectReport {
    /// JUnit XML for CI test views: one test case per `--ci` threshold (failed or skipped as
    /// evaluated), and one per finding, which passes and carries its advice in `system-out`.
    public func junit() -> String {
        let rules = gate?.rules ?? []
        let failures = rules.filter { $0.status == .fail }.count
        let tests = rules.count + findings.items.count
        let suite = xmlEscaped("stagecraft inspect \(image.name)")
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"stagecraft inspect\" tests=\"\(tests)\" failures=\"\(failures)\">\n"
        out +=
            "  <testsuite name=\"\(suite)\" tests=\"\(tests)\" failures=\"\(failures)\" skipped=\"\(rules.filter { $0.status == .skip }.count)\">\n"
        for rule in rules {
            out += "    <testcase classname=\"threshold\" name=\"\(xmlEscaped(rule.name))\""
            switch rule.status {
            case .pass: out += "/>\n"
            case .fail: out += ">\n      <failure message=\"\(xmlEscaped(rule.detail))\"/>\n    </testcase>\n"
            case .skip: out += ">\n      <skipped message=\"\(xmlEscaped(rule.detail))\"/>\n    </testcase>\n"
            }
        }
        for item in findings.items {
            out += "    <testcase classname=\"finding\" name=\"\(xmlEscaped(item.id))\">\n"
            out +=
                "      <system-out>\(xmlEscaped("\(item.severity.rawValue): \(item.message); \(item.advice)"))</system-out>\n    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// GitHub Actions workflow commands: an error per crossed threshold, a warning or notice per finding.
    public func github() -> String {
        func githubEscapedData(_ text: String) -> String {
            text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(
                of: "\n", with: "%0A")
        }
        func githubEscapedProperty(_ text: String) -> String {
            githubEscapedData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        }
        var out = ""
        for rule in gate?.rules ?? [] where rule.status == .fail {
            out +=
                "::error title=\(githubEscapedProperty("stagecraft inspect: \(rule.name)"))::\(githubEscapedData("\(image.name): \(rule.detail)"))\n"
        }
        for item in findings.items {
            let command = item.severity == .warning ? "warning" : "notice"
            out +=
                "::\(command) title=\(githubEscapedProperty("stagecraft inspect: \(item.id)"))::\(githubEscapedData("\(image.name): \(item.message). \(item.advice)"))\n"
        }
        return out
    }
}
