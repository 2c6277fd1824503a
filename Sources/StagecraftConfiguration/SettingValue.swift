/// A configuration value as JSON sees it: what `stagecraft config show --format json` prints and
/// what the generated JSON schema is made of.
public indirect enum SettingValue: Sendable, Equatable, Encodable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case list([SettingValue])
    case object([String: SettingValue])

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .list(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// A list of strings.
    static func strings(_ values: [String]) -> SettingValue { .list(values.map(SettingValue.string)) }

    /// A string map, or a string, or null.
    static func optional(_ value: String?) -> SettingValue { value.map(SettingValue.string) ?? .null }
}
