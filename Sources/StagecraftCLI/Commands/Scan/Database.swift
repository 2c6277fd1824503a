import ArgumentParser
import Foundation
import StagecraftAdvisories
import StagecraftReporting

extension Stagecraft {
    /// `stagecraft db`: the local advisory database that `scan` reads.
    struct Database: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "db", abstract: "Build and describe the local advisory database that scan reads.",
            subcommands: [Import.self, Status.self])

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Import OSV advisories (JSON or YAML files, or folders of them) into the database.",
                discussion:
                    "Re-importing a source replaces what it brought. Nothing is written when a record cannot be read (exit 2).")

            @Argument(help: "Advisory files or folders.")
            var sources: [String]

            @Option(help: "The database file (default: scan.database in .stagecraft.yml, .stagecraft/advisories.db).")
            var db: String?

            func run() throws {
                let path = try db ?? Settings.load(explicit: nil).scan.database
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
                try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                // Every source is read before anything is written, so a bad record changes nothing.
                var read: [(source: String, advisories: [Advisory])] = []
                for source in sources {
                    var isFolder: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) else {
                        throw CommandFailure("\(source): error: no such file or folder of advisories")
                    }
                    let absolute = URL(fileURLWithPath: source).standardizedFileURL.path
                    read.append(
                        (
                            absolute,
                            isFolder.boolValue ? try AdvisoryReader.readFolder(source) : try AdvisoryReader.readFile(source)
                        )
                    )
                }
                let database = try AdvisoryDatabase(path: path, create: true)
                for (source, advisories) in read {
                    try database.importAdvisories(advisories, from: source)
                    Console.error("\(source): \(advisories.count) advisories")
                }
                Console.output("\(path): \(try database.count()) advisories from \(try database.sources().count) sources")
            }
        }

        struct Status: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the database's sources, their sizes and ages.")

            @Option(help: "The database file (default: scan.database in .stagecraft.yml, .stagecraft/advisories.db).")
            var db: String?

            func run() throws {
                let path = try db ?? Settings.load(explicit: nil).scan.database
                let database = try AdvisoryDatabase(path: path)
                let formatter = ISO8601DateFormatter()
                var rows = [["SOURCE", "ADVISORIES", "IMPORTED"]]
                rows += try database.sources().map { [$0.path, String($0.advisories), formatter.string(from: $0.importedAt)] }
                Console.output(textTable(rows) + "\n\n\(try database.count()) advisories in \(path)")
            }
        }
    }
}
