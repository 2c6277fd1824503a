import StagecraftReporting
import Yams

/// Reads lint settings from `.stagecraft.yml` or `.hadolint.yaml`.
///
/// `.stagecraft.yml`:
/// ```yaml
/// lint:
///   disable: [apt-pin-versions, DL3059]
///   enable: [runtime-user-numeric]
///   severity: {apt-lists-cleanup: warning}
///   exclude: ["legacy/**"]
///   trusted-registries: [docker.io, "*.gcr.io"]
///   allowed-base-images: ["node:22-*", "gcr.io/distroless/*"]
///   non-root-base-images: ["registry.example.com/base/*"]
///   failure-threshold: warning
///   inline-ignores: true
///   shellcheck: true
/// ```
/// `.hadolint.yaml` keys honoured: `ignored`, `override` (`error`/`warning`/`info`/`style` lists),
/// `trustedRegistries`, `failure-threshold`, `disable-ignore-pragma`.
/// See https://github.com/hadolint/hadolint#configure
public enum ConfigurationFile {
    /// A configuration that cannot be used, with where and why.
    public struct Error: InputProblem {
        public var path: String
        public var line: Int
        public var keyPath: String
        public var message: String

        public var position: SourcePosition { SourcePosition(file: path, line: line) }
        public var problem: String { "\(keyPath): \(message)" }
    }

    public static func parse(_ text: String, path: String) throws -> LintConfiguration {
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Error(path: path, line: Self.line(of: error), keyPath: "(document)", message: "not valid YAML: \(error)")
        }
        var configuration = LintConfiguration()
        guard let root else { return configuration }
        guard let mapping = root.mapping else {
            throw Error(path: path, line: line(root), keyPath: "(document)", message: "expected a mapping of settings")
        }
        let isHadolint = path.contains("hadolint")
        if isHadolint {
            try readHadolint(mapping, into: &configuration, path: path)
        } else if let lint = mapping["lint"] {
            guard let section = lint.mapping else {
                throw Error(path: path, line: line(lint), keyPath: "lint", message: "expected a mapping")
            }
            try readStagecraft(section, into: &configuration, path: path)
        }
        return configuration
    }

    private static func readStagecraft(_ section: Yams.Node.Mapping, into configuration: inout LintConfiguration, path: String)
        throws
    {
        for (keyNode, value) in section {
            let key = keyNode.string ?? ""
            let keyPath = "lint.\(key)"
            switch key {
            case "disable": configuration.disabled.formUnion(try strings(value, keyPath, path))
            case "enable": configuration.enabled.formUnion(try strings(value, keyPath, path))
            case "exclude": configuration.excludedPaths += try strings(value, keyPath, path)
            case "trusted-registries": configuration.trustedRegistries += try strings(value, keyPath, path)
            case "allowed-base-images": configuration.allowedBaseImages += try strings(value, keyPath, path)
            case "non-root-base-images": configuration.nonRootBaseImages += try strings(value, keyPath, path)
            case "failure-threshold": configuration.failureThreshold = try threshold(value, keyPath, path)
            case "inline-ignores": configuration.honourInlineIgnores = try bool(value, keyPath, path)
            case "shellcheck": configuration.shellcheck = try bool(value, keyPath, path)
            case "label-schema": configuration.labelSchema = try labelSchema(value, keyPath, path)
            case "strict-labels": configuration.strictLabels = try bool(value, keyPath, path)
            case "severity":
                guard let map = value.mapping else {
                    throw Error(path: path, line: line(value), keyPath: keyPath, message: "expected rule: severity pairs")
                }
                for (rule, level) in map {
                    guard let name = rule.string, let severity = level.string.flatMap(Severity.init(rawValue:)) else {
                        throw Error(
                            path: path, line: line(level), keyPath: "\(keyPath).\(rule.string ?? "?")",
                            message: "expected error, warning, info or style")
                    }
                    configuration.severityOverrides[name] = severity
                }
            default:
                let known = [
                    "disable", "enable", "exclude", "trusted-registries", "allowed-base-images", "non-root-base-images",
                    "failure-threshold", "inline-ignores", "label-schema", "strict-labels", "shellcheck", "severity",
                ]
                throw Error(
                    path: path, line: line(keyNode), keyPath: keyPath,
                    message: "unknown setting; known settings: \(known.joined(separator: ", "))")
            }
        }
    }

    private static func readHadolint(_ mapping: Yams.Node.Mapping, into configuration: inout LintConfiguration, path: String)
        throws
    {
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "ignored": configuration.disabled.formUnion(try strings(value, key, path))
            case "trustedRegistries": configuration.trustedRegistries += try strings(value, key, path)
            case "failure-threshold": configuration.failureThreshold = try threshold(value, key, path)
            case "disable-ignore-pragma": configuration.honourInlineIgnores = !(try bool(value, key, path))
            case "label-schema": configuration.labelSchema = try labelSchema(value, key, path)
            case "strict-labels": configuration.strictLabels = try bool(value, key, path)
            case "override":
                guard let map = value.mapping else {
                    throw Error(path: path, line: line(value), keyPath: key, message: "expected severity lists")
                }
                for (levelNode, rules) in map {
                    guard let severity = levelNode.string.flatMap(Severity.init(rawValue:)) else {
                        throw Error(
                            path: path, line: line(levelNode), keyPath: "override.\(levelNode.string ?? "?")",
                            message: "expected error, warning, info or style")
                    }
                    for rule in try strings(rules, "override.\(severity.rawValue)", path) {
                        configuration.severityOverrides[rule] = severity
                    }
                }
            default:
                continue  // hadolint settings with no meaning here (format, no-color, label-schema, …)
            }
        }
    }

    private static func strings(_ node: Yams.Node, _ keyPath: String, _ path: String) throws -> [String] {
        if let single = node.string { return [single] }
        guard let sequence = node.sequence else {
            throw Error(path: path, line: line(node), keyPath: keyPath, message: "expected a list of strings")
        }
        return try sequence.map { item in
            guard let text = item.string else {
                throw Error(path: path, line: line(item), keyPath: keyPath, message: "expected a string")
            }
            return text
        }
    }

    private static func labelSchema(_ node: Yams.Node, _ keyPath: String, _ path: String) throws -> [String: LabelFormat] {
        guard let map = node.mapping else {
            throw Error(path: path, line: line(node), keyPath: keyPath, message: "expected label: format pairs")
        }
        var schema: [String: LabelFormat] = [:]
        for (label, format) in map {
            guard let name = label.string, let value = format.string.flatMap(LabelFormat.init(rawValue:)) else {
                let formats = LabelFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw Error(
                    path: path, line: line(format), keyPath: "\(keyPath).\(label.string ?? "?")",
                    message: "expected one of \(formats)")
            }
            schema[name] = value
        }
        return schema
    }

    private static func bool(_ node: Yams.Node, _ keyPath: String, _ path: String) throws -> Bool {
        guard let value = node.bool else {
            throw Error(path: path, line: line(node), keyPath: keyPath, message: "expected true or false")
        }
        return value
    }

    private static func threshold(_ node: Yams.Node, _ keyPath: String, _ path: String) throws -> FailureThreshold {
        guard let text = node.string, let value = FailureThreshold(text) else {
            throw Error(path: path, line: line(node), keyPath: keyPath, message: "expected error, warning, info, style or none")
        }
        return value
    }

    private static func line(_ node: Yams.Node) -> Int { node.mark?.line ?? 1 }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: 1
        }
    }
}
