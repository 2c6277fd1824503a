import Foundation
import StagecraftReporting
import Yams

/// A container-structure-test configuration (schemaVersion 2.0.0), read as CST reads it: YAML or
/// JSON by extension, unknown keys rejected. See GoogleContainerTools/container-structure-test
/// `pkg/types/v2/`.
public struct StructureTestConfig: Decodable, Sendable {
    public struct EnvVar: Decodable, Sendable {
        public var key: String
        public var value: String?
        public var isRegex: Bool?
    }
    public struct CommandTest: Decodable, Sendable {
        public var name: String
        public var setup: [[String]]?
        public var envVars: [EnvVar]?
        public var command: String
        public var args: [String]?
        public var exitCode: Int?
        public var expectedOutput: [String]?
        public var excludedOutput: [String]?
        public var expectedError: [String]?
        public var excludedError: [String]?
    }
    public struct FileExistenceTest: Decodable, Sendable {
        public var name: String
        public var path: String
        public var shouldExist: Bool?
        public var permissions: String?
        public var uid: Int?
        public var gid: Int?
        public var isExecutableBy: String?
    }
    public struct FileContentTest: Decodable, Sendable {
        public var name: String
        public var path: String
        public var expectedContents: [String]?
        public var excludedContents: [String]?
    }
    public struct MetadataTest: Decodable, Sendable {
        public struct Key: Decodable, Sendable { public var key: String }
        public var envVars: [EnvVar]?
        public var unboundEnvVars: [Key]?
        public var labels: [EnvVar]?
        public var exposedPorts: [String]?
        public var unexposedPorts: [String]?
        public var entrypoint: [String]?
        public var cmd: [String]?
        public var workdir: String?
        public var volumes: [String]?
        public var unmountedVolumes: [String]?
        public var user: String?
    }

    /// How CST's containers run (`docker run` flags).
    public struct ContainerRunOptions: Decodable, Sendable {
        public var user: String?
        public var privileged: Bool?
        public var allocateTty: Bool?
        /// A file of `KEY=value` lines, relative to the folder stagecraft runs in.
        public var envFile: String?
        /// Names of variables passed from stagecraft's own environment (unset ones are left out).
        public var envVars: [String]?
        public var capabilities: [String]?
        public var bindMounts: [String]?
    }

    public var schemaVersion: String
    public var globalEnvVars: [EnvVar]?
    public var containerRunOptions: ContainerRunOptions?
    public var commandTests: [CommandTest]?
    public var fileExistenceTests: [FileExistenceTest]?
    public var fileContentTests: [FileContentTest]?
    public var metadataTest: MetadataTest?

    /// The file, line and what is wrong; the command line words it.
    public typealias LoadError = FileProblem

    static let allowedKeys: [String: Set<String>] = [
        "": [
            "schemaVersion", "globalEnvVars", "commandTests", "fileExistenceTests", "fileContentTests", "metadataTest",
            "licenseTests",
            "containerRunOptions",
        ],
        "commandTests": [
            "name", "setup", "teardown", "envVars", "command", "args", "exitCode", "expectedOutput", "excludedOutput",
            "expectedError", "excludedError",
        ],
        "fileExistenceTests": ["name", "path", "shouldExist", "permissions", "uid", "gid", "isExecutableBy"],
        "fileContentTests": ["name", "path", "expectedContents", "excludedContents"],
        "containerRunOptions": ["user", "privileged", "allocateTty", "envFile", "envVars", "capabilities", "bindMounts"],
        "metadataTest": [
            "envVars", "unboundEnvVars", "labels", "exposedPorts", "unexposedPorts", "entrypoint", "cmd", "workdir", "volumes",
            "unmountedVolumes", "user",
        ],
    ]

    /// Reads and checks `path`.
    public static func load(_ path: String) throws(LoadError) -> StructureTestConfig {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw LoadError(path, "cannot read the structure test config")
        }
        let node: Yams.Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw LoadError(path, "not valid YAML or JSON: \(error)")
        }
        guard let root = node?.mapping else {
            throw LoadError(path, line: 1, "expected a mapping with schemaVersion")
        }
        try checkKeys(root, section: "", path: path)
        for section in ["commandTests", "fileExistenceTests", "fileContentTests"] {
            for item in root[section]?.sequence ?? [] {
                if let mapping = item.mapping { try checkKeys(mapping, section: section, path: path) }
            }
        }
        for section in ["metadataTest", "containerRunOptions"] {
            if let mapping = root[section]?.mapping { try checkKeys(mapping, section: section, path: path) }
        }
        let config: StructureTestConfig
        do { config = try YAMLDecoder().decode(StructureTestConfig.self, from: text) } catch {
            throw LoadError(path, "\(describe(error))")
        }
        guard ["2.0.0", "1.0.0"].contains(config.schemaVersion) else {
            throw LoadError(path, "schemaVersion \(config.schemaVersion) is not supported; use \"2.0.0\"")
        }
        if root["licenseTests"] != nil {
            throw LoadError(path, "licenseTests are not supported by stagecraft test yet")
        }
        return config
    }

    static func checkKeys(_ mapping: Yams.Node.Mapping, section: String, path: String) throws(LoadError) {
        let allowed = allowedKeys[section] ?? []
        for (key, _) in mapping {
            let name = key.string ?? ""
            if !allowed.contains(name) {
                let line = key.mark?.line ?? 1
                let place = section.isEmpty ? "at the top level" : "in \(section)"
                throw LoadError(
                    path, line: line, "unknown key \(name) \(place); allowed: \(allowed.sorted().joined(separator: ", "))"
                )
            }
        }
    }

    static func describe(_ error: Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .keyNotFound(let key, let context):
                return "missing \(key.stringValue) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                return "\(context.debugDescription) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
            @unknown default: return "\(error)"
            }
        }
        return "\(error)"
    }
}
