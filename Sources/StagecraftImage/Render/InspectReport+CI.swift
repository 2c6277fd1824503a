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

    /// SARIF 2.1.0 for GitHub code scanning: an error per crossed `--ci` threshold and a warning
    /// or note per finding. Results sit at line 1 of the image as given (the archive's path, or
    /// the image's name), as image scanners place them.
    public func sarif() -> String {
        var rules: [SARIF.Rule] = []
        var ruleIDs: [String] = []
        func index(of id: String, summary: String, description: String, level: String, tag: String) -> Int {
            if let known = ruleIDs.firstIndex(of: id) { return known }
            ruleIDs.append(id)
            rules.append(SARIF.Rule(id: id, summary: summary, description: description, level: level, tags: [tag]))
            return ruleIDs.count - 1
        }
        var results: [SARIF.Result] = []
        for rule in gate?.rules ?? [] where rule.status == .fail {
            let id = "threshold/\(rule.name)"
            let ruleIndex = index(
                of: id, summary: "The image crosses the \(rule.name) threshold.",
                description: "A --ci threshold from .stagecraft.yml (inspect:) or .dive-ci.", level: "error", tag: "threshold")
            results.append(
                SARIF.Result(
                    ruleID: id, ruleIndex: ruleIndex, level: "error", message: "\(image.name): \(rule.detail)", file: image.name,
                    line: 1, endLine: 1, column: 1))
        }
        for item in findings.items {
            let level = item.severity == .warning ? "warning" : "note"
            let ruleIndex = index(
                of: item.id, summary: ImageFindings.summaries[item.id] ?? item.id, description: item.advice, level: level,
                tag: "image")
            results.append(
                SARIF.Result(
                    ruleID: item.id, ruleIndex: ruleIndex, level: level, message: "\(item.message). \(item.advice)",
                    file: image.name, line: 1, endLine: 1, column: 1))
        }
        return (try? prettyJSON(SARIF.Log(rules: rules, results: results))).map { $0 + "\n" } ?? ""
    }
}
