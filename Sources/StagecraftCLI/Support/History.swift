import ArgumentParser
import Foundation
import StagecraftCompose
import StagecraftConfiguration
import StagecraftHistory
import StagecraftReporting

/// Where runs are recorded and how commands record them.
enum History {
    /// Where the history is: `STAGECRAFT_HISTORY_URL` or `history.url` (a PostgreSQL server), else the
    /// file `STAGECRAFT_HISTORY` or `history.path` names, beside the configuration file that set
    /// it, else in the project's folder (``projectFolder``). So `gate` run in a subfolder reads
    /// what `build` run at the top recorded.
    static func location(_ configuration: ProjectConfiguration) -> String {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["STAGECRAFT_HISTORY_URL"], !url.isEmpty { return url }
        if let explicit = environment["STAGECRAFT_HISTORY"], !explicit.isEmpty { return explicit }
        if let url = configuration.history.url, !url.isEmpty { return url }
        let path = configuration.history.path
        if path.hasPrefix("/") { return path }
        let folder = configuration.origin(of: "history").map { parentFolder(of: $0) } ?? projectFolder
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

    /// The folder whose history and project a command uses: inside a git repository, the nearest
    /// folder from the current one up to the repository's root that holds a configuration or a
    /// compose file, else the root; outside one, the current folder. Read once per run.
    static let projectFolder: String = {
        guard let root = ConfigurationLoader.repositoryRoot(from: ".") else { return "." }
        let top = URL(fileURLWithPath: root).standardizedFileURL.path
        var current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL
        while current.path.hasPrefix(top) {
            let folder = current.path
            let marks = ConfigurationLoader.fileNames + ComposeLoader.defaultFileNames
            if marks.contains(where: { FileManager.default.fileExists(atPath: folder + "/" + $0) }) {
                return folder == FileManager.default.currentDirectoryPath ? "." : folder
            }
            if folder == top { break }
            current = current.deletingLastPathComponent()
        }
        return root
    }()

    /// The project a run belongs to, as `build` names it: the compose project of the project's
    /// folder (its `name:`, else the folder's name as compose normalizes it). Read once per run.
    static let project: String = {
        if let file = ComposeLoader.defaultFile(in: projectFolder), let loaded = try? ComposeLoader().load(file),
            !loaded.name.isEmpty
        {
            return loaded.name
        }
        let name = URL(fileURLWithPath: projectFolder).standardizedFileURL.lastPathComponent
        let folder = ComposeLoader.projectName(name)
        return folder.isEmpty ? "default" : folder
    }()

    /// Records what a command measured and returns the runs stored, or nil when the history
    /// cannot be written: a warning, and the command's own result stands.
    @discardableResult
    static func record(_ runs: [RunRecord], configuration: ProjectConfiguration) -> (HistoryStore, [RunRecord])? {
        guard !runs.isEmpty else { return nil }
        do {
            let store = try HistoryStore(location: location(configuration), create: true)
            return (store, try store.record(runs))
        } catch {
            Console.error("warning: not recorded in the history: \(error); --no-history skips recording")
            return nil
        }
    }

    /// The working tree's git state, read once per run (three git processes).
    static let git: GitState? = GitState.read(in: FileManager.default.currentDirectoryPath)

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

/// `--no-history` and `--gate`, on every command that records (`build`, `inspect`, `test`, `scan`).
struct RecordingOptions: ParsableArguments {
    @Flag(name: .customLong("no-history"), help: "Do not record the results in the history (.stagecraft/history.db).")
    var noHistory = false

    @Flag(
        help: ArgumentHelp(
            "Check the regression gates of .stagecraft.yml on what this run recorded, against each baseline; exit 1 when one is crossed."
        ))
    var gate = false

    func validate() throws {
        if gate && noHistory { throw ValidationError("--gate compares what is recorded; it cannot go with --no-history") }
    }

    /// What `--gate` found: the crossed gates' messages, written after the command's report.
    enum Verdict {
        case unchecked, held
        case crossed([String])
        case unrecorded(String)
    }

    /// Records `runs` unless `--no-history`; with `--gate`, checks each against its baseline.
    func record(_ runs: [RunRecord], configuration: ProjectConfiguration) -> Verdict {
        guard !noHistory else { return .unchecked }
        let recorded = History.record(runs, configuration: configuration)
        guard gate else { return .unchecked }
        guard let (store, stored) = recorded else {
            return runs.isEmpty ? .held : .unrecorded("nothing was recorded, so no gate could be checked")
        }
        var messages: [String] = []
        let settings = configuration.gates
        for run in stored {
            let baseline: RunRecord?
            do { baseline = try store.baseline(for: run, branch: run.branch == nil ? nil : settings.baselineBranch) } catch {
                return .unrecorded("the history cannot be read: \(error)")
            }
            for outcome in RegressionGates.evaluate(run, baseline: baseline, settings: settings) where outcome.crossed {
                messages.append("gate/\(outcome.gate): \(outcome.message)")
            }
        }
        return messages.isEmpty ? .held : .crossed(messages)
    }

    /// Ends the command after its report: each crossed gate on standard error, then exit 1 when
    /// the command `failed` on its own or a gate was crossed, 2 when `--gate` had nothing to check.
    static func conclude(_ verdict: Verdict, failed: Bool) throws {
        switch verdict {
        case .unchecked, .held: break
        case .crossed(let messages):
            for message in messages { Console.error("error: \(message)") }
            throw CommandFailure("", exitCode: ExitStatus.findings)
        case .unrecorded(let reason):
            if !failed { throw CommandFailure("error: --gate: \(reason)") }
            Console.error("error: --gate: \(reason)")
        }
        if failed { throw CommandFailure("", exitCode: ExitStatus.findings) }
    }
}

/// Which project's runs a reading command (`gate`, `report`, `compare --runs`, `history`) takes: a
/// history on a shared server holds many.
struct ProjectScope: ParsableArguments {
    @Option(help: "Only runs of this project (default: the current folder's compose project).")
    var project: String?

    @Flag(help: "Runs of every project in the history.")
    var allProjects = false

    /// The project to filter by, or nil for all.
    var selected: String? { allProjects ? nil : (project ?? History.project) }
}
