import ArgumentParser
import Foundation
import StagecraftHistory
import StagecraftReporting

extension Stagecraft {
    /// `stagecraft history`: what `build` and `inspect` recorded.
    struct HistoryCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "List, prune, export and import the runs build and inspect recorded (.stagecraft/history.db).",
            subcommands: [List.self, Prune.self, Export.self, Import.self], defaultSubcommand: List.self)

        struct Location: ParsableArguments {
            @Option(
                help:
                    "The history file or postgresql:// URL (default: history.url or history.path in .stagecraft.yml, .stagecraft/history.db)."
            )
            var history: String?

            func open(create: Bool = false) throws -> HistoryStore {
                if let history { return try History.open(history, create: create) }
                return try History.open(try Settings.load(explicit: nil), create: create)
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List recorded runs, newest first.")

            @OptionGroup var location: Location

            @OptionGroup var scope: ProjectScope

            @Option(help: "Only this service (or image name).")
            var service: String?

            @Option(help: "Only this command: build, inspect, test, scan.")
            var command: String?

            @Option(help: "Only runs on this branch.")
            var branch: String?

            @Option(help: "At most this many runs.")
            var limit: Int = 20

            func validate() throws {
                guard limit >= 1 else { throw ValidationError("--limit takes 1 or more, not \(limit)") }
            }

            @Option(help: "Output: table or json.")
            var format: String = "table"

            func run() throws {
                let store = try location.open()
                let runs = try store.runs(
                    HistoryStore.Filter(
                        project: scope.selected, service: service, command: command, branch: branch, limit: limit))
                switch format {
                case "json":
                    let encoder = JSONEncoder()
                    encoder.dateEncodingStrategy = .iso8601
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    Console.output(String(decoding: try encoder.encode(runs), as: UTF8.self))
                case "table":
                    let formatter = ISO8601DateFormatter()
                    func row(_ run: RunRecord) -> [String] {
                        let commit = (run.gitCommit.map { String($0.prefix(8)) } ?? "") + (run.dirty == true ? "+" : "")
                        let size = run.sizeBytes.map(MeasureText.megabytes) ?? ""
                        let build = run.buildSeconds.map(MeasureText.seconds) ?? ""
                        let cache = run.cacheHitRate.map { String(format: "%.0f%%", $0 * 100) } ?? ""
                        let efficiency = run.efficiency.map(MeasureText.percent) ?? ""
                        let when = formatter.string(from: run.recordedAt)
                        return [
                            String(run.id ?? 0), when, run.command, terminalSafe(run.subject), commit, size, build, cache,
                            efficiency,
                        ]
                    }
                    let rows =
                        [["ID", "WHEN", "COMMAND", "IMAGE", "COMMIT", "SIZE", "BUILD", "CACHE", "EFFICIENCY"]] + runs.map(row)
                    Console.output(textTable(rows) + "\n\n\(runs.count) of \(try store.count()) runs in \(store.location)")
                default:
                    throw CommandFailure("error: --format takes table or json, not \(format)")
                }
            }
        }

        struct Prune: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Keep the newest runs of each image and command, delete the rest.")

            @OptionGroup var location: Location

            @Option(help: "How many runs of each image and command to keep.")
            var keep: Int

            func run() throws {
                guard keep >= 0 else { throw CommandFailure("error: --keep takes 0 or more, not \(keep)") }
                let removed = try location.open().prune(keepingLast: keep)
                Console.error("deleted \(removed) run(s)")
            }
        }

        struct Export: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write every run as JSON lines (oldest first), to move a history to another file or server.")

            @OptionGroup var location: Location

            func run() throws {
                let encoder = JSONEncoder()
                encoder.dateEncodingStrategy = .iso8601
                encoder.outputFormatting = [.sortedKeys]
                for run in try location.open().runs().reversed() {
                    var exported = run
                    exported.id = nil
                    Console.output(String(decoding: try encoder.encode(exported), as: UTF8.self))
                }
            }
        }

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add the runs of a JSON lines file (from history export); all of them, or none when a line is bad.")

            @OptionGroup var location: Location

            @Argument(help: "The JSON lines file.")
            var file: String

            func run() throws {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CommandFailure("\(file): error: cannot be read")
                }
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                var runs: [RunRecord] = []
                for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated()
                where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    do { runs.append(try decoder.decode(RunRecord.self, from: Data(line.utf8))) } catch {
                        throw CommandFailure(
                            "\(file):\(index + 1): error: not a run as history export writes it (\(Self.reason(error))); nothing was imported"
                        )
                    }
                }
                let store = try location.open(create: true)
                // A run already there (the same time, project, image, command and commit) is not added twice.
                func key(_ run: RunRecord) -> String {
                    [
                        String(Int64((run.recordedAt.timeIntervalSince1970 * 1000).rounded())), run.project, run.service,
                        run.target,
                        run.command, run.gitCommit ?? "",
                    ].joined(separator: "\u{0}")
                }
                let known: Set<String>
                do { known = Set(try store.runs().map(key)) } catch { throw CommandFailure(error) }
                let fresh = runs.filter { !known.contains(key($0)) }
                do { try store.record(fresh) } catch { throw CommandFailure(error) }
                if fresh.count < runs.count {
                    Console.error("skipped \(runs.count - fresh.count) run(s) already in the history")
                }
                runs = fresh
                Console.error("imported \(runs.count) run(s) into \(store.location)")
            }

            /// A decoding error in a reader's words: the field and what is wrong with it.
            static func reason(_ error: any Error) -> String {
                func path(_ keys: [any CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }
                switch error as? DecodingError {
                case .keyNotFound(let key, let context)?: return "no \(path(context.codingPath + [key]))"
                case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
                    return "\(path(context.codingPath)): \(context.debugDescription)"
                case .dataCorrupted(let context)?:
                    return context.codingPath.isEmpty ? "not JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
                default: return "\(error)"
                }
            }
        }
    }
}
