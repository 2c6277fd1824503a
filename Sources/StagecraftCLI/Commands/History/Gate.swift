import ArgumentParser
import Foundation
import StagecraftHistory
import StagecraftReporting

extension Stagecraft {
    /// `stagecraft gate`: the newest recorded runs against their baselines.
    struct Gate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fail when the newest run of an image is worse than its baseline by more than gates: allows.",
            discussion: """
                Each image's newest build and inspect run is compared with its baseline, the last earlier run of the same
                image and command on gates.baseline-branch (default main; outside a git checkout, the last earlier run).
                Gates (.stagecraft.yml gates:): size-growth (default 0.10), build-time-growth, cache-hit-drop,
                efficiency-floor. Exit codes: 0 every gate holds, 1 a gate is crossed, 2 the history cannot be read.
                """)

        enum Format: String, ExpressibleByArgument { case text, json, junit, github, markdown }

        @Option(
            help:
                "The history file or postgresql:// URL (default: history.url or history.path in .stagecraft.yml, .stagecraft/history.db)."
        )
        var history: String?

        @OptionGroup var scope: ProjectScope

        @Option(help: "The branch whose runs are the baseline (default: gates.baseline-branch).")
        var baselineBranch: String?

        @Option(help: "Output: text, json, junit, github or markdown.")
        var format: Format = .text

        @Option(help: "A configuration file instead of .stagecraft.yml.")
        var config: String?

        func run() throws {
            let configuration = try Settings.load(explicit: config)
            var settings = configuration.gates
            if let baselineBranch { settings.baselineBranch = baselineBranch }
            let store = try history.map { try History.open($0) } ?? History.open(configuration)
            let outcomes: [GateOutcome]
            do { outcomes = try RegressionGates.evaluate(store, settings: settings, project: scope.selected) } catch {
                throw CommandFailure(error)
            }
            let crossed = outcomes.filter(\.crossed)
            let diagnostics = crossed.map {
                Diagnostic(
                    severity: .error, code: "gate/\($0.gate)", message: $0.message,
                    hint: "baseline: run \($0.baseline?.id ?? 0)\($0.baseline?.gitCommit.map { " at " + $0.prefix(8) } ?? "")",
                    file: store.location)
            }
            switch format {
            case .text:
                let rows =
                    [["IMAGE", "COMMAND", "GATE", "BEFORE", "AFTER", "ALLOWED", "RESULT"]]
                    + outcomes.map {
                        [
                            terminalSafe($0.run.subject), $0.run.command, $0.gate, $0.before, $0.after, $0.limit,
                            $0.crossed ? "FAIL" : "pass",
                        ]
                    }
                var text = textTable(rows)
                text += "\n\n" + (crossed.isEmpty ? "every gate holds" : crossed.map(\.message).joined(separator: "\n"))
                if outcomes.isEmpty {
                    let recorded = (try? store.runs(HistoryStore.Filter(project: scope.selected, limit: 1)).isEmpty) == false
                    text =
                        recorded
                        ? "no run has a baseline yet: an earlier run of the same image and command at another commit on branch \(settings.baselineBranch) (runs outside git need no branch)"
                        : "nothing recorded\(scope.selected.map { " for project \($0)" } ?? "") in \(store.location); build or inspect first"
                }
                Console.output(text)
            case .json:
                struct Entry: Encodable {
                    var image: String
                    var command: String
                    var gate: String
                    var before: String
                    var after: String
                    var allowed: String
                    var crossed: Bool
                    var beforeValue: Double?
                    var afterValue: Double?
                    var message: String
                    var run: Int64?
                    var baseline: Int64?
                }
                Console.output(
                    try prettyJSON(
                        outcomes.map {
                            Entry(
                                image: $0.run.subject, command: $0.run.command, gate: $0.gate, before: $0.before, after: $0.after,
                                allowed: $0.limit, crossed: $0.crossed, beforeValue: $0.beforeValue, afterValue: $0.afterValue,
                                message: $0.message, run: $0.run.id,
                                baseline: $0.baseline?.id)
                        }))
            case .junit:
                let cases = outcomes.map {
                    CheckCase(
                        group: $0.run.subject, name: "\($0.run.command) \($0.gate)",
                        outcome: $0.crossed ? .fail(message: $0.message, type: "gate") : .pass)
                }
                Console.output(JUnit.render(name: "stagecraft gate", suites: [CheckSuite(name: "gates", cases: cases)]))
            case .github:
                Console.output(GitHubAnnotations.render(diagnostics, located: false, titlePrefix: "stagecraft gate: "))
            case .markdown:
                Console.output(MarkdownSummary.render(title: "stagecraft gate", diagnostics: diagnostics))
            }
            if !crossed.isEmpty { throw CommandFailure("", exitCode: ExitStatus.findings) }
        }
    }
}
