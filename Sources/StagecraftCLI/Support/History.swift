import Foundation
import StagecraftConfiguration
import StagecraftHistory

/// Where runs are recorded and how commands record them.
enum History {
    /// Where the history is: `STAGECRAFT_HISTORY_URL` or `history.url` (a PostgreSQL server), else the
    /// file `STAGECRAFT_HISTORY` or `history.path` names, beside the configuration file that set it
    /// (or the current folder).
    static func location(_ configuration: ProjectConfiguration) -> String {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["STAGECRAFT_HISTORY_URL"], !url.isEmpty { return url }
        if let explicit = environment["STAGECRAFT_HISTORY"], !explicit.isEmpty { return explicit }
        if let url = configuration.history.url, !url.isEmpty { return url }
        let path = configuration.history.path
        if path.hasPrefix("/") { return path }
        let folder = configuration.origin(of: "history").map { ($0 as NSString).deletingLastPathComponent } ?? "."
        return folder.isEmpty || folder == "." ? path : (folder as NSString).appendingPathComponent(path)
    }

    /// Opens the history for the commands that read it (`history`, `gate`): a file that cannot be
    /// read is an error (exit 2).
    static func open(_ configuration: ProjectConfiguration, create: Bool = false) throws -> HistoryStore {
        try open(location(configuration), create: create)
    }

    /// Opens the history at `location` (a file or a `postgresql://` URL); exit 2 when it cannot be read.
    static func open(_ location: String, create: Bool = false) throws -> HistoryStore {
        do { return try HistoryStore(location: location, create: create) } catch { throw CommandFailure(error) }
    }

    /// The project a run belongs to: the current folder's name.
    static var project: String { URL(fileURLWithPath: FileManager.default.currentDirectoryPath).lastPathComponent }

    /// Records what a command measured. A history that cannot be written is a warning: the
    /// command's own result stands.
    static func record(_ runs: [RunRecord], configuration: ProjectConfiguration) {
        guard !runs.isEmpty else { return }
        do {
            try HistoryStore(location: location(configuration), create: true).record(runs)
        } catch {
            Console.error("warning: not recorded in the history: \(error); --no-history skips recording")
        }
    }

    static var git: GitState? { GitState.read(in: FileManager.default.currentDirectoryPath) }

    /// A run of `command` about an image: its name without the tag is the subject, the tag the
    /// target (`shop/api:runtime` is `shop/api`, `runtime`).
    static func run(command: String, image reference: String) -> RunRecord {
        let slash = reference.lastIndex(of: "/") ?? reference.startIndex
        let colon = reference[slash...].lastIndex(of: ":")
        var run = RunRecord(
            project: project, command: command, service: colon.map { String(reference[..<$0]) } ?? reference,
            target: colon.map { String(reference[reference.index(after: $0)...]) } ?? "", git: git)
        run.image = reference
        return run
    }
}
