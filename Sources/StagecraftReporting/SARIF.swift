/// SARIF 2.1.0 documents as GitHub code scanning accepts them, for every command that writes
/// SARIF (lint findings, image findings).
/// See https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html and
/// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
public enum SARIF {
    public struct Log: Encodable {
        var version = "2.1.0"
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case version, runs
            case schema = "$schema"
        }

        /// One run of stagecraft with its rules and results.
        public init(rules: [Rule], results: [Result]) {
            runs = [Run(tool: Tool(driver: Driver(rules: rules)), results: results)]
        }
    }

    /// Rules in the order first used and results that point at them by index: what every SARIF
    /// writer does, in one place.
    public struct Collector {
        private var rules: [Rule] = []
        private var indices: [String: Int] = [:]
        private var results: [Result] = []

        public init() {}

        /// Adds a result of `rule` (declared with the first result that uses its id) at `file`
        /// (a path or an image name), line `line` to `endLine` (default: `line`), column `column`.
        public mutating func add(
            _ rule: @autoclosure () -> Rule, level: String, message: String, file: String, line: Int = 1, endLine: Int? = nil,
            column: Int = 1
        ) {
            let declared = rule()
            let index: Int
            if let known = indices[declared.id] {
                index = known
            } else {
                index = rules.count
                indices[declared.id] = index
                rules.append(declared)
            }
            results.append(
                Result(
                    ruleID: declared.id, ruleIndex: index, level: level, message: message, file: file, line: line,
                    endLine: endLine ?? line, column: column))
        }

        public var log: Log { Log(rules: rules, results: results) }

        /// The log as pretty JSON, ending with a newline.
        public func rendered() -> String { ((try? prettyJSON(log)) ?? "{}") + "\n" }
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
    }

    struct Tool: Encodable { var driver: Driver }

    struct Driver: Encodable {
        var name = "stagecraft"
        var informationUri = "https://github.com/stagecraft/stagecraft"
        var rules: [Rule]
    }

    /// A `reportingDescriptor`: what a rule checks and its default level.
    public struct Rule: Encodable {
        var id: String
        var shortDescription: Message
        var fullDescription: Message
        var defaultConfiguration: Configuration
        var properties: Properties

        public init(id: String, summary: String, description: String, level: String, tags: [String]) {
            self.id = id
            shortDescription = Message(text: summary)
            fullDescription = Message(text: description)
            defaultConfiguration = Configuration(level: level)
            properties = Properties(tags: tags)
        }
    }

    struct Configuration: Encodable { var level: String }
    struct Properties: Encodable { var tags: [String] }
    struct Message: Encodable { var text: String }

    public struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]

        /// A result at `file` (a path or an image name), line `line` to `endLine`, column `column`.
        public init(
            ruleID: String, ruleIndex: Int, level: String, message: String, file: String, line: Int, endLine: Int,
            column: Int
        ) {
            ruleId = ruleID
            self.ruleIndex = ruleIndex
            self.level = level
            self.message = Message(text: message)
            locations = [
                Location(
                    physicalLocation: PhysicalLocation(
                        artifactLocation: ArtifactLocation(uri: SARIF.uri(file)),
                        region: Region(startLine: line, endLine: endLine, startColumn: column)))
            ]
        }
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

    /// A relative path stays relative (GitHub resolves it against the repository); `./` is
    /// dropped; each component is percent-encoded.
    static func uri(_ path: String) -> String {
        var path = path[...]
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        return path.split(separator: "/", omittingEmptySubsequences: false).map(percentEncoded).joined(separator: "/")
    }

    static func percentEncoded(_ component: Substring) -> String {
        var out = ""
        for byte in component.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || "-._~".unicodeScalars.contains(scalar)
            {
                out.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count < 2 ? "0" : "") + hex
            }
        }
        return out
    }
}
