import Yams

/// A part of the configuration read from one YAML mapping: the file's root, `lint:`, a probe, …
/// Its settings are declared once (``Setting``), and the reader, `config show`, the JSON schema
/// and docs/configuration.md are all made from that declaration.
public protocol SettingsSection: Sendable {
    init()
}

/// What a setting accepts, as the docs and the JSON schema describe it.
public indirect enum SettingShape: Sendable, Equatable {
    case string
    case boolean
    case integer(ClosedRange<Int>)
    /// A number from 0 to 1.
    case ratio
    /// A byte count: a number, or a size such as `20MB` (10^6) or `20MiB` (2^20).
    case size
    case choice([String])
    /// A list of strings; a single string is a list of one.
    case strings
    /// A calendar date, `YYYY-MM-DD`.
    case date
    /// A mapping from free-form keys to values of one shape.
    case map(SettingShape)
    /// A mapping with these keys.
    case section([SettingDocumentation])
    /// A list of mappings with these keys.
    case list([SettingDocumentation])
}

/// One setting as the docs and the JSON schema show it.
public struct SettingDocumentation: Sendable, Equatable {
    public var key: String
    public var shape: SettingShape
    public var summary: String
    /// The value when the file does not set it.
    public var defaultValue: SettingValue
    /// Whether a mapping that holds this section must set it.
    public var required: Bool
    /// Whether `disabled` (or an empty value) turns it off.
    public var disableable: Bool
}

/// Where a value being read is: the file and the dotted key path.
struct SettingLocation {
    var path: String
    var keyPath: String

    func appending(_ key: String) -> SettingLocation {
        SettingLocation(path: path, keyPath: keyPath.isEmpty ? key : keyPath + "." + key)
    }

    func error(_ node: Yams.Node?, _ message: String, remedy: String? = nil) -> ConfigurationError {
        ConfigurationError(
            path: path, line: node?.mark?.line, keyPath: keyPath.isEmpty ? "(document)" : keyPath, message: message,
            remedy: remedy)
    }
}

/// One key of a ``SettingsSection``: its name, what it accepts, how a YAML value is read into the
/// section, and how the section's value is shown.
public struct Setting<Root: SettingsSection> {
    public let key: String
    let summary: String
    let shape: SettingShape
    let required: Bool
    let disableable: Bool
    let read: (Yams.Node, inout Root, SettingLocation) throws -> Void
    let value: (Root) -> SettingValue

    init(
        _ key: String, _ shape: SettingShape, _ summary: String, required: Bool = false, disableable: Bool = false,
        read: @escaping (Yams.Node, inout Root, SettingLocation) throws -> Void, value: @escaping (Root) -> SettingValue
    ) {
        self.key = key
        self.shape = shape
        self.summary = summary
        self.required = required
        self.disableable = disableable
        self.read = read
        self.value = value
    }

    /// The setting as the docs show it, with the default taken from a fresh section.
    public var documentation: SettingDocumentation {
        SettingDocumentation(
            key: key, shape: shape, summary: summary, defaultValue: value(Root()), required: required,
            disableable: disableable)
    }
}

// MARK: - The kinds of setting

extension Setting {
    static func text(_ key: String, _ field: WritableKeyPath<Root, String>, _ summary: String, required: Bool = false)
        -> Setting
    {
        Setting(key, .string, summary, required: required) { node, root, at in
            root[keyPath: field] = try scalar(node, at)
        } value: {
            .string($0[keyPath: field])
        }
    }

    static func optionalText(_ key: String, _ field: WritableKeyPath<Root, String?>, _ summary: String) -> Setting {
        Setting(key, .string, summary) { node, root, at in
            root[keyPath: field] = try scalar(node, at)
        } value: {
            .optional($0[keyPath: field])
        }
    }

    static func flag(_ key: String, _ field: WritableKeyPath<Root, Bool>, _ summary: String) -> Setting {
        Setting(key, .boolean, summary) { node, root, at in
            root[keyPath: field] = try boolean(node, at)
        } value: {
            .bool($0[keyPath: field])
        }
    }

    static func integer(
        _ key: String, _ range: ClosedRange<Int>, _ field: WritableKeyPath<Root, Int>, _ summary: String,
        required: Bool = false
    ) -> Setting {
        Setting(key, .integer(range), summary, required: required) { node, root, at in
            guard let number = node.scalar.flatMap({ Int($0.string) }) else {
                throw at.error(node, "expected a whole number")
            }
            guard range.contains(number) else {
                throw at.error(node, "\(number) is out of range; use \(range.lowerBound) to \(range.upperBound)")
            }
            root[keyPath: field] = number
        } value: {
            .integer($0[keyPath: field])
        }
    }

    static func choice(_ key: String, _ choices: [String], _ field: WritableKeyPath<Root, String>, _ summary: String)
        -> Setting
    {
        Setting(key, .choice(choices), summary) { node, root, at in
            root[keyPath: field] = try oneOf(choices, node, at)
        } value: {
            .string($0[keyPath: field])
        }
    }

    static func texts(_ key: String, _ field: WritableKeyPath<Root, [String]>, _ summary: String) -> Setting {
        Setting(key, .strings, summary) { node, root, at in
            root[keyPath: field] += try strings(node, at)
        } value: {
            .strings($0[keyPath: field])
        }
    }

    /// Free-form keys, each with a string value (one of `choices` when given).
    static func map(
        _ key: String, choices: [String]?, _ field: WritableKeyPath<Root, [String: String]>, _ summary: String
    ) -> Setting {
        Setting(key, .map(choices.map(SettingShape.choice) ?? .string), summary) { node, root, at in
            guard let mapping = node.mapping else { throw at.error(node, "expected name: value pairs") }
            for (name, value) in mapping {
                let entry = at.appending(name.string ?? "?")
                root[keyPath: field][try scalar(name, entry)] =
                    try choices.map { try oneOf($0, value, entry) } ?? scalar(value, entry)
            }
        } value: {
            .object($0[keyPath: field].mapValues(SettingValue.string))
        }
    }

    /// A ratio from 0 to 1; `disabled`, `off`, `false` or nothing turns it off (nil).
    static func ratio(_ key: String, _ field: WritableKeyPath<Root, Double?>, _ summary: String) -> Setting {
        Setting(key, .ratio, summary, disableable: true) { node, root, at in
            guard let text = try disableableScalar(node, at) else { return root[keyPath: field] = nil }
            guard let number = Double(text), (0...1).contains(number) else {
                throw at.error(node, "expected a ratio between 0 and 1, not \(text)")
            }
            root[keyPath: field] = number
        } value: {
            $0[keyPath: field].map(SettingValue.number) ?? .string("disabled")
        }
    }

    /// A byte count (`20MB`, `20MiB`, `1048576`); `disabled` or nothing turns it off (nil).
    static func size(_ key: String, _ field: WritableKeyPath<Root, Int?>, _ summary: String) -> Setting {
        Setting(key, .size, summary, disableable: true) { node, root, at in
            guard let text = try disableableScalar(node, at) else { return root[keyPath: field] = nil }
            guard let bytes = ByteCount.parse(text) else {
                throw at.error(node, "expected a size such as 20MB or 20MiB, not \(text)")
            }
            root[keyPath: field] = bytes
        } value: {
            $0[keyPath: field].map(SettingValue.integer) ?? .string("disabled")
        }
    }

    /// A date, `YYYY-MM-DD` (nil when absent).
    static func date(_ key: String, _ field: WritableKeyPath<Root, String?>, _ summary: String) -> Setting {
        Setting(key, .date, summary) { node, root, at in
            let text = try scalar(node, at)
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard text.count == 10, parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else {
                throw at.error(node, "expected a date written YYYY-MM-DD, not \(text)")
            }
            root[keyPath: field] = text
        } value: {
            .optional($0[keyPath: field])
        }
    }

    /// A mapping read with its own settings.
    static func section<Sub: SettingsSection>(
        _ key: String, _ field: WritableKeyPath<Root, Sub>, _ settings: [Setting<Sub>], _ summary: String
    ) -> Setting {
        Setting(key, .section(settings.map(\.documentation)), summary) { node, root, at in
            root[keyPath: field] = try SectionReader.read(node, settings, at)
        } value: { root in
            SectionReader.value(root[keyPath: field], settings)
        }
    }

    /// A list of mappings, each read with the same settings.
    static func list<Item: SettingsSection>(
        _ key: String, _ field: WritableKeyPath<Root, [Item]>, _ settings: [Setting<Item>], _ summary: String
    ) -> Setting {
        Setting(key, .list(settings.map(\.documentation)), summary) { node, root, at in
            guard let items = node.sequence else { throw at.error(node, "expected a list") }
            root[keyPath: field] = try items.enumerated().map { index, item in
                try SectionReader.read(item, settings, at.appending(String(index)))
            }
        } value: { root in
            .list(root[keyPath: field].map { SectionReader.value($0, settings) })
        }
    }
}

// MARK: - Reading values

func scalar(_ node: Yams.Node, _ at: SettingLocation) throws -> String {
    guard let scalar = node.scalar else { throw at.error(node, "expected a single value, not a list or mapping") }
    return scalar.string
}

func boolean(_ node: Yams.Node, _ at: SettingLocation) throws -> Bool {
    switch try scalar(node, at).lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default: throw at.error(node, "expected true or false")
    }
}

func oneOf(_ choices: [String], _ node: Yams.Node, _ at: SettingLocation) throws -> String {
    let text = try scalar(node, at)
    guard choices.contains(text) else {
        throw at.error(node, "expected one of \(choices.joined(separator: ", ")), not \(text)")
    }
    return text
}

func strings(_ node: Yams.Node, _ at: SettingLocation) throws -> [String] {
    if let single = node.scalar { return [single.string] }
    guard let sequence = node.sequence else { throw at.error(node, "expected a list of strings") }
    return try sequence.map { item in
        guard let text = item.scalar?.string else { throw at.error(item, "expected a string in the list") }
        return text
    }
}

/// The text of a value that `disabled` (or `off`, `false`, nothing) turns off; nil when off.
func disableableScalar(_ node: Yams.Node, _ at: SettingLocation) throws -> String? {
    let text = try scalar(node, at).trimmingCharacters(in: .whitespaces)
    return ["", "~", "null", "disabled", "off", "false"].contains(text.lowercased()) ? nil : text
}

/// Reads a mapping through a list of settings, refusing keys it does not declare.
enum SectionReader {
    /// How keys a section does not declare are treated.
    enum UnknownKeys { case refuse, ignore }

    static func read<Root: SettingsSection>(
        _ node: Yams.Node, _ settings: [Setting<Root>], _ at: SettingLocation, unknownKeys: UnknownKeys = .refuse
    ) throws -> Root {
        var root = Root()
        if case .scalar(let scalar) = node, scalar.tag == Tag(.null) || scalar.string.isEmpty {
            guard let missing = settings.first(where: \.required) else { return root }
            throw at.error(node, "\(missing.key) is required")
        }
        guard let mapping = node.mapping else { throw at.error(node, "expected a mapping of settings") }
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard let setting = settings.first(where: { $0.key == key }) else {
                if unknownKeys == .ignore || key.hasPrefix("x-") { continue }
                let known = settings.map(\.key)
                let near = NearestKey.find(key, in: known)
                throw at.appending(key).error(
                    keyNode, "unknown setting",
                    remedy: near.map { "did you mean \($0)?" } ?? "known settings here: \(known.joined(separator: ", "))")
            }
            seen.insert(key)
            try setting.read(value, &root, at.appending(key))
        }
        if let missing = settings.first(where: { $0.required && !seen.contains($0.key) }) {
            throw at.error(node, "\(missing.key) is required")
        }
        return root
    }

    static func value<Root: SettingsSection>(_ root: Root, _ settings: [Setting<Root>]) -> SettingValue {
        .object(Dictionary(settings.map { ($0.key, $0.value(root)) }, uniquingKeysWith: { first, _ in first }))
    }
}

/// The declared key closest to a misspelt one (edit distance at most 2), for "did you mean".
enum NearestKey {
    static func find(_ key: String, in known: [String]) -> String? {
        let scored = known.map { ($0, distance(Array(key.lowercased()), Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
        return best.0
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        guard a.count < 256, b.count < 256 else { return Int.max }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
