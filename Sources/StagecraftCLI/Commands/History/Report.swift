import ArgumentParser
import Foundation
import StagecraftHistory

extension Stagecraft {
    /// `stagecraft report`: the history as one HTML page or a Markdown summary.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the history as one self-contained HTML page (inline SVG charts, no scripts) or a Markdown summary.",
            discussion: """
                Per image and command: the latest size, build time, cache hits and efficiency with their trend over the
                recorded runs, and the gate results. --format markdown prints a summary for $GITHUB_STEP_SUMMARY.
                Exit codes: 0 written, 2 the history cannot be read or the page cannot be written.
                """)

        enum Format: String, ExpressibleByArgument { case html, markdown }

        @Option(
            help:
                "The history file or postgresql:// URL (default: history.url or history.path in .stagecraft.yml, .stagecraft/history.db)."
        )
        var history: String?

        @Option(help: "Output: html (to --output) or markdown (to standard output).")
        var format: Format = .html

        @Option(help: "Where the HTML page goes.")
        var output: String = ".stagecraft/report.html"

        @OptionGroup var scope: ProjectScope

        @Option(help: "How many runs of each image and command to chart.")
        var limit: Int = 50

        @Option(help: "A configuration file instead of .stagecraft.yml.")
        var config: String?

        func validate() throws {
            guard limit >= 1 else { throw ValidationError("--limit takes 1 or more, not \(limit)") }
        }

        func run() throws {
            let configuration = try Settings.load(explicit: config)
            let report: HistoryReport
            let store = try history.map { try History.open($0) } ?? History.open(configuration)
            do {
                let runs = try store.runs(HistoryStore.Filter(project: scope.selected))
                report = HistoryReport(
                    runs: runs,
                    gates: try RegressionGates.evaluate(store, settings: configuration.gates, project: scope.selected),
                    limit: limit)
            } catch {
                throw CommandFailure(error)
            }
            let title = "stagecraft report: \(scope.selected ?? "every project")"
            switch format {
            case .markdown:
                Console.output(report.markdown(title: title))
            case .html:
                let url = URL(fileURLWithPath: output)
                do {
                    try FileManager.default.createDirectory(
                        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(report.html(title: title).utf8).write(to: url, options: .atomic)
                } catch {
                    throw CommandFailure("error: \(output): cannot be written (\(error.localizedDescription))")
                }
                Console.error("wrote \(output)")
            }
        }
    }
}
