import ArgumentParser
import DockerfileSyntax
import Foundation
import StagecraftLint
import StagecraftReporting

extension Stagecraft {
    /// `stagecraft rules`: the rule catalogue.
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the lint rules.")

        enum Format: String, ExpressibleByArgument { case text, json, markdown }

        @Option(help: "Output: text, json, or markdown (the reference page docs/rules.md is).")
        var format: Format = .text

        struct Entry: Encodable {
            var id: String
            var severity: String
            var category: String
            var summary: String
            var aliases: [String: String]
            var fixable: Bool
            var enabledByDefault: Bool
        }

        func run() throws {
            // Dockerfile rules and project rules (compose files and build contexts) alike.
            let rules: [(description: RuleDescription, enabledByDefault: Bool)] =
                RuleCatalog.all.map { ($0.description, type(of: $0).enabledByDefault) }
                + RuleCatalog.project.map { ($0.description, true) }
            switch format {
            case .markdown:
                Console.output(RuleCatalog.markdown())
            case .json:
                let entries = rules.map { rule in
                    let description = rule.description
                    return Entry(
                        id: description.id, severity: description.severity.rawValue, category: description.category.rawValue,
                        summary: description.summary,
                        aliases: Dictionary(
                            description.aliases.map { ($0.tool.rawValue, $0.code) }, uniquingKeysWith: { a, _ in a }),
                        fixable: description.fixable, enabledByDefault: rule.enabledByDefault)
                }
                Console.output(try prettyJSON(entries))
            case .text:
                // One table for every rule, so the columns line up across categories.
                let ordered = RuleCategory.allCases.flatMap { category in
                    rules.filter { $0.description.category == category }
                }
                let table = textTable(
                    ordered.map { rule in
                        let description = rule.description
                        let off = rule.enabledByDefault ? "" : " (off by default)"
                        let aliases = description.aliases.map(\.code).joined(separator: ", ")
                        return [
                            description.id, description.severity.rawValue, description.fixable ? "fix" : "",
                            "\(description.summary)\(off)\(aliases.isEmpty ? "" : " [\(aliases)]")",
                        ]
                    }, indent: "  "
                ).split(separator: "\n", omittingEmptySubsequences: false)
                var lines: [String] = []
                for (index, rule) in ordered.enumerated() {
                    if index == 0 || ordered[index - 1].description.category != rule.description.category {
                        lines.append("\(rule.description.category.rawValue):")
                    }
                    lines.append(String(table[index]))
                }
                lines.append("\(rules.count) rules; `stagecraft explain RULE` shows one in full.")
                Console.output(lines.joined(separator: "\n"))
            }
        }
    }

    /// `stagecraft explain RULE`: one rule in full, with its examples.
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Explain a lint rule, with examples.")

        @Argument(help: "A rule id or alias (DL3008, JSONArgsRecommended, DS-0002).")
        var rule: String

        func run() throws {
            guard let description = RuleCatalog.description(named: rule) else {
                let close = RuleCatalog.descriptions.map(\.id).filter {
                    $0.contains(rule.lowercased()) || rule.lowercased().contains($0)
                }
                throw CommandFailure(
                    "error: no rule is named \(rule)\(close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?"); `stagecraft rules` lists them"
                )
            }
            var out =
                "\(description.id) (\(description.severity.rawValue), \(description.category.rawValue)\(description.fixable ? ", fixable with --fix" : ""))\n"
            if !description.aliases.isEmpty {
                out += "also: " + description.aliases.map { "\($0.code) (\($0.tool.rawValue))" }.joined(separator: ", ") + "\n"
            }
            out += "\n\(description.summary)\n\n\(description.rationale)\n"
            for example in description.examples {
                out += "\n" + (example.triggers ? "Flagged (↓ marks the line):" : "Accepted:") + "\n"
                if !example.files.isEmpty || example.mainFile != "Dockerfile" { out += "  \(example.mainFile):\n" }
                for line in example.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                    out += "    \(line)\n"
                }
                for (name, text) in example.files.sorted(by: { $0.key < $1.key }) {
                    out += "  \(name):\n"
                    for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
                        out += "    \(line)\n"
                    }
                }
            }
            Console.output(out)
        }
    }
}
