/// SARIF 2.1.0, as GitHub code scanning accepts it.
/// See https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html and
/// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
struct SARIFLintFormatter {
    struct Log: Encodable {
        var version = "2.1.0"
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var runs: [Run]
        enum CodingKeys: String, CodingKey {
            case version, runs
            case schema = "$schema"
        }
    }
    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
    }
    struct Tool: Encodable { var driver: Driver }
    struct Driver: Encodable {
        var name = "stagecraft"
        var informationUri = "https://github.com/stagecraft/stagecraft"
        var rules: [ReportingDescriptor]
    }
    struct ReportingDescriptor: Encodable {
        var id: String
        var shortDescription: Message
        var fullDescription: Message
        var defaultConfiguration: Configuration
        var properties: Properties
    }
    struct Configuration: Encodable { var level: String }
    struct Properties: Encodable {
        var tags: [String]
    }
    struct Message: Encodable { var text: String }
    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
    }
    struct Location: Encodable { var physicalLocation: PhysicalLocation }
    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }
    struct ArtifactLocation: Encodable { var uri: String }
    struct Region: Encodable {
        var startLine: Int
        var endLine: Int
        var startColumn: Int
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info, .style: "note"
        }
    }

    func render(_ report: LintReport) -> String {
        let used = Array(Set(report.findings.map(\.ruleID))).sorted()
        let rules = used.map { id -> ReportingDescriptor in
            let description = RuleCatalog.rule(named: id)?.description
            return ReportingDescriptor(
                id: id, shortDescription: Message(text: description?.summary ?? id),
                fullDescription: Message(text: description?.rationale ?? id),
                defaultConfiguration: Configuration(level: Self.level(description?.severity ?? .warning)),
                properties: Properties(
                    tags: [description?.category.rawValue ?? "lint"] + (description?.aliases.map(\.code) ?? [])))
        }
        let results = report.findings.map { finding in
            Result(
                ruleId: finding.ruleID, ruleIndex: used.firstIndex(of: finding.ruleID) ?? 0, level: Self.level(finding.severity),
                message: Message(text: finding.message),
                locations: [
                    Location(
                        physicalLocation: PhysicalLocation(
                            artifactLocation: ArtifactLocation(uri: Self.uri(finding.file)),
                            region: Region(startLine: finding.line, endLine: finding.endLine, startColumn: finding.column)))
                ])
        }
        return encodeJSON(Log(runs: [Run(tool: Tool(driver: Driver(rules: rules)), results: results)]))
    }

    /// A relative path stays relative (GitHub resolves it against the repository); `./` is dropped.
    static func uri(_ path: String) -> String {
        var path = path
        while path.hasPrefix("./") { path.removeFirst(2) }
        return path.split(separator: "/", omittingEmptySubsequences: false).map { component in
            component.addingPercentEncodingForURI()
        }.joined(separator: "/")
    }
}

extension Substring {
    func addingPercentEncodingForURI() -> String {
        var out = ""
        for byte in utf8 {
            let scalar = Unicode.Scalar(byte)
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || "-._~".unicodeScalars.contains(scalar)
            {
                out.unicodeScalars.append(scalar)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2, "0")
            }
        }
        return out
    }
}

extension String {
    func leftPadded(_ width: Int, _ pad: Character) -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
