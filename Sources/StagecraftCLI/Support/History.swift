import ArgumentParser
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

    /// What `--gate` found.
    enum Verdict {
        case unchecked, held, crossed, unrecorded
    }

    /// Records `runs` unless `--no-history`; with `--gate`, checks each against its baseline and
    /// writes every crossed gate on standard error.
    func record(_ runs: [RunRecord], configuration: ProjectConfiguration) -> Verdict {
        guard !noHistory else { return .unchecked }
        let recorded = History.record(runs, configuration: configuration)
        guard gate else { return .unchecked }
        guard let (store, stored) = recorded else { return runs.isEmpty ? .held : .unrecorded }
        var crossed = false
        for run in stored {
            let settings = configuration.gates
            let baseline: RunRecord?
            do { baseline = try store.baseline(for: run, branch: run.branch == nil ? nil : settings.baselineBranch) } catch {
                Console.error("error: the gates cannot read the history: \(error)")
                return .unrecorded
            }
            for outcome in RegressionGates.evaluate(run, baseline: baseline, settings: settings) where outcome.crossed {
                Console.error("error: gate/\(outcome.gate): \(outcome.message)")
                crossed = true
            }
        }
        return crossed ? .crossed : .held
    }

    /// Ends the command as `--gate` decided: exit 1 for a crossed gate, 2 when nothing could be
    /// recorded to check.
    static func conclude(_ verdict: Verdict) throws {
        switch verdict {
        case .unchecked, .held: return
        case .crossed: throw CommandFailure("", exitCode: ExitStatus.findings)
        case .unrecorded: throw CommandFailure("error: --gate: nothing was recorded, so no gate could be checked")
        }
    }
}
