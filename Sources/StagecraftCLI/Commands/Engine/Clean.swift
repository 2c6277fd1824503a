import ArgumentParser
import ContainerEngine
import Foundation
import StagecraftReporting

extension Stagecraft {
    /// Removes what killed `test` runs left on the engine. `test` does the same at its start.
    struct Clean: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove containers, networks and images left by stagecraft runs that were killed.",
            discussion: """
                Every object `stagecraft test` creates carries the labels stagecraft.run, stagecraft.owner \
                (host, process id and start time) and stagecraft.started. An object is left over when its \
                run's process is gone (on this host), or, for runs started on another host or recording no \
                owner, when it is older than --older-than. Runs still in progress are never touched.
                """)

        @Option(help: "Age after which objects of runs on other hosts count as left over (e.g. 30m, 6h, 2d).")
        var olderThan: String = "\(Int(ContainerJanitor.foreignRunAge / 3600))h"

        @Flag(help: "List what would be removed, remove nothing.")
        var dryRun = false

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

        func run() throws {
            guard let age = Self.duration(olderThan) else {
                throw CommandFailure(
                    "error: --older-than \(olderThan) is not a duration; write a number with s, m, h or d (e.g. 24h)")
            }
            let client = try DockerClient.requiringEngine()
            let found = ContainerJanitor.leftovers(client: client, olderThan: age)
            let removed = dryRun ? found : ContainerJanitor.remove(found, client: client)
            switch format {
            case .text:
                for object in removed {
                    Console.output(
                        "\(dryRun ? "would remove" : "removed") \(object.kind.rawValue) \(object.id.prefix(19)) of \(object.run): \(object.reason)"
                    )
                }
                Console.output(Self.summary(removed, dryRun: dryRun))
            case .json:
                struct Entry: Encodable { var kind, id, run, reason: String }
                struct Report: Encodable {
                    var dryRun: Bool
                    var removed: [Entry]
                }
                let entries = removed.map { Entry(kind: $0.kind.rawValue, id: $0.id, run: $0.run, reason: $0.reason) }
                Console.output(try prettyJSON(Report(dryRun: dryRun, removed: entries)))
            }
            if !dryRun && removed.count < found.count {
                throw CommandFailure(
                    "error: \(found.count - removed.count) object(s) could not be removed; see `docker ps -a --filter label=stagecraft.run`",
                    exitCode: ExitStatus.findings)
            }
        }

        /// "removed 2 containers, 1 network" or "nothing left over".
        static func summary(_ objects: [LeftoverObject], dryRun: Bool) -> String {
            guard !objects.isEmpty else { return "nothing left over by earlier runs" }
            let parts = LeftoverObject.Kind.allCases.compactMap { kind -> String? in
                let count = objects.filter { $0.kind == kind }.count
                return count == 0 ? nil : "\(count) \(kind.rawValue)\(count == 1 ? "" : "s")"
            }
            let runs = Set(objects.map(\.run)).count
            return
                "\(dryRun ? "would remove" : "removed") \(parts.joined(separator: ", ")) of \(runs) earlier run\(runs == 1 ? "" : "s")"
        }

        /// Seconds in `90`, `90s`, `30m`, `6h` or `2d`; `nil` for anything else.
        static func duration(_ text: String) -> TimeInterval? {
            let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
            var number = Substring(text)
            var unit = 1.0
            if let last = text.last, let scale = units[last] {
                number = number.dropLast()
                unit = scale
            }
            guard let value = Double(number), value.isFinite, value >= 0, value * unit < 1e10 else { return nil }
            return value * unit
        }
    }
}
