import ArgumentParser
import Foundation
import StagecraftConfiguration
import StagecraftReporting

extension Stagecraft {
    /// `stagecraft config`: the settings in effect, and the schema of `.stagecraft.yml`.
    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the configuration in effect, or the schema of .stagecraft.yml.",
            subcommands: [Show.self, Schema.self], defaultSubcommand: Show.self)

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check the configuration and print the settings in effect (exit 2 when it is unusable).",
                discussion: """
                    Reads .stagecraft.yml (or .stagecraft.yaml) from FOLDER or the nearest folder above it up to the
                    repository root; a section it lacks comes from .hadolint.yaml (lint) or .dive-ci (inspect) beside it.
                    """)

            enum Format: String, ExpressibleByArgument { case text, json }

            @Argument(help: "The project folder (default: the current folder).")
            var folder = "."

            @Option(help: "Read this file instead of looking for one.")
            var config: String?

            @Option(help: "Output: text or json.")
            var format: Format = .text

            func run() throws {
                let configuration = try Settings.load(explicit: config, folder: folder)
                let sections = ProjectConfiguration.settings.map(\.key)
                guard case .object(let values) = ConfigurationSchema.value(of: configuration) else { return }
                switch format {
                case .json:
                    var document = values
                    document["origins"] = .object(configuration.origins.mapValues(SettingValue.string))
                    Console.output(try prettyJSON(SettingValue.object(document)))
                case .text:
                    var lines: [String] = []
                    for section in sections {
                        lines.append("\(section):  # \(configuration.origin(of: section) ?? "defaults")")
                        lines += Self.lines(values[section] ?? .null, indent: "  ")
                    }
                    Console.output(lines.joined(separator: "\n"))
                }
            }

            static func lines(_ value: SettingValue, indent: String) -> [String] {
                guard case .object(let fields) = value else { return [] }
                return fields.keys.sorted().flatMap { key -> [String] in
                    switch fields[key] ?? .null {
                    case .object(let nested) where !nested.isEmpty:
                        return ["\(indent)\(key):"] + lines(.object(nested), indent: indent + "  ")
                    case .list(let items) where items.contains(where: { if case .object = $0 { true } else { false } }):
                        return ["\(indent)\(key):"]
                            + items.flatMap { item in
                                var itemLines = lines(item, indent: indent + "    ")
                                if !itemLines.isEmpty {
                                    itemLines[0] = indent + "  - " + itemLines[0].dropFirst(indent.count + 4)
                                }
                                return itemLines
                            }
                    case let scalar:
                        return ["\(indent)\(key): \(Self.inline(scalar))"]
                    }
                }
            }

            static func inline(_ value: SettingValue) -> String {
                switch value {
                case .null: "~"
                case .bool(let value): String(value)
                case .integer(let value): String(value)
                case .number(let value): String(value)
                case .string(let value): value.isEmpty || value.contains(":") || value.contains("*") ? "\"\(value)\"" : value
                case .list(let items): "[" + items.map(inline).joined(separator: ", ") + "]"
                case .object(let fields):
                    "{" + fields.sorted { $0.key < $1.key }.map { "\($0.key): \(inline($0.value))" }.joined(separator: ", ") + "}"
                }
            }
        }

        struct Schema: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print the JSON schema of .stagecraft.yml, or its reference page (docs/configuration.md).")

            enum Format: String, ExpressibleByArgument { case json, markdown }

            @Option(help: "Output: json (a JSON schema, draft 2020-12) or markdown.")
            var format: Format = .json

            func run() throws {
                switch format {
                case .json: Console.output(try prettyJSON(ConfigurationSchema.json()))
                case .markdown: Console.output(ConfigurationSchema.markdown())
                }
            }
        }
    }
}
