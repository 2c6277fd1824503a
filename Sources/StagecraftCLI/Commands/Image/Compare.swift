import ArgumentParser
import Foundation
import StagecraftHistory
import StagecraftImage
import StagecraftReporting
import StagecraftSBOM

extension Stagecraft {
    /// `stagecraft compare`: two images side by side, or two recorded runs, commits or targets.
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Compare two images (sizes and the reduction, layers, files, packages), two recorded runs or commits, or two targets.",
            discussion: """
                BEFORE and AFTER are archives, OCI layouts or images in the local engine (a single-stage build and its
                multi-stage runtime, say, or yesterday's image and today's). The size is the layers' unpacked bytes;
                the engine's own figure (docker image inspect) can differ by a few kilobytes of metadata.

                With --runs they are recorded runs instead: a run id (`stagecraft history` lists them) or a git
                revision (`HEAD~1`, a commit, a branch), whose runs are paired image by image and command by command.
                With --before TARGET --after TARGET (no arguments), each service's newest recorded runs at the two
                targets are paired: `--before naive --after runtime` is the seed's size table.

                Exit codes: 0 compared, 2 an image, run or revision cannot be found or read.
                """)

        enum Format: String, ExpressibleByArgument { case text, json, markdown }

        @Argument(help: "The image before (with --runs, a run id or git revision).")
        var before: String?

        @Argument(help: "The image after (with --runs, a run id or git revision).")
        var after: String?

        @Flag(help: "BEFORE and AFTER are recorded runs: run ids or git revisions.")
        var runs = false

        @Option(name: .customLong("before"), help: "With --after: the target recorded before (naive).")
        var beforeTarget: String?

        @Option(name: .customLong("after"), help: "With --before: the target recorded after (runtime).")
        var afterTarget: String?

        @Option(help: "Only this service (or image name), comparing runs or targets.")
        var service: String?

        @OptionGroup var scope: ProjectScope

        @Option(help: "The history file or postgresql:// URL (default: history.url or history.path in .stagecraft.yml).")
        var history: String?

        @Option(help: "How many files of each kind (added, removed, resized) to list.")
        var top: Int = 10

        @Option(help: "Output: text, json or markdown.")
        var format: Format = .text

        @Option(help: "The platform to pick from a multi-platform index.")
        var platform: String = "linux/amd64"

        func validate() throws {
            let targets = beforeTarget != nil || afterTarget != nil
            if targets && (beforeTarget == nil || afterTarget == nil) {
                throw ValidationError("--before and --after go together: --before naive --after runtime")
            }
            if targets && (before != nil || after != nil || runs) {
                throw ValidationError("--before/--after compare recorded targets and take no BEFORE AFTER arguments")
            }
            if !targets && (before == nil || after == nil) {
                throw ValidationError(
                    "give BEFORE and AFTER (images, or with --runs run ids or git revisions), or --before/--after targets")
            }
        }

        func run() throws {
            if let beforeTarget, let afterTarget {
                let store = try history.map { try History.open($0) } ?? History.open(try Settings.load(explicit: nil))
                let recorded: [RunRecord]
                do { recorded = try store.runs(HistoryStore.Filter(project: scope.selected, service: service)) } catch {
                    throw CommandFailure(error)
                }
                for target in [beforeTarget, afterTarget] where !recorded.contains(where: { $0.target == target }) {
                    throw CommandFailure(
                        "error: nothing recorded at target \(target)\(scope.selected.map { " in project \($0)" } ?? ""); build it first (stagecraft build --target \(target))"
                    )
                }
                return try output(RunComparison.targets(recorded, before: beforeTarget, after: afterTarget))
            }
            guard let before, let after else { return }
            if runs {
                let store = try history.map { try History.open($0) } ?? History.open(try Settings.load(explicit: nil))
                let old = try Self.recordedRuns(before, in: store, project: scope.selected, service: service)
                let new = try Self.recordedRuns(after, in: store, project: scope.selected, service: service)
                if old.single, new.single, let first = old.runs.first, let second = new.runs.first {
                    return try output(RunComparison(before: first, after: second))
                }
                return try output(RunComparison.points(before: old.runs, after: new.runs))
            }
            let reader = ImageArchiveReader(platform: platform, capture: ImageCatalog.capture)
            let first = try ImageInput.load(before, reader: reader)
            let second = try ImageInput.load(after, reader: reader)
            let comparison = ImageComparison(before: ImageAnalysis(first), after: ImageAnalysis(second))
            let packages = PackageChanges(before: ImageCatalog(first), after: ImageCatalog(second))
            switch format {
            case .text: Console.output(text(comparison, packages))
            case .markdown: Console.output(markdown(comparison))
            case .json: Console.output(try prettyJSON(document(comparison, packages)))
            }
        }

        /// The runs `selector` names: the run with that id, or every run at that git revision.
        static func recordedRuns(_ selector: String, in store: HistoryStore, project: String?, service: String?) throws -> (
            runs: [RunRecord], single: Bool
        ) {
            do {
                if let id = Int64(selector) {
                    guard let run = try store.runs(HistoryStore.Filter(id: id)).first else {
                        throw CommandFailure("error: no run \(id) in \(store.location); stagecraft history lists the runs")
                    }
                    return ([run], true)
                }
                guard let commit = GitState.revision(selector, in: FileManager.default.currentDirectoryPath) else {
                    throw CommandFailure(
                        "error: \(selector) is neither a run id nor a git revision here; give a run id (stagecraft history) or a commit"
                    )
                }
                let found = try store.runs(HistoryStore.Filter(project: project, service: service, commit: commit))
                guard !found.isEmpty else {
                    throw CommandFailure(
                        "error: nothing was recorded at \(selector) (\(commit.prefix(12))) in \(store.location); build or inspect there first"
                    )
                }
                return (found, false)
            } catch let problem as FileProblem {
                throw CommandFailure(problem)
            }
        }

        func output(_ comparison: RunComparison) throws {
            switch format {
            case .text: Console.output(comparison.text())
            case .markdown: Console.output(comparison.markdown())
            case .json:
                struct Document: Encodable {
                    var rows: [RunComparison.Row]
                    var unpaired: [RunRecord]
                }
                let encoder = JSONEncoder()
                encoder.dateEncodingStrategy = .iso8601
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                let data = try encoder.encode(Document(rows: comparison.rows, unpaired: comparison.unpaired))
                Console.output(String(decoding: data, as: UTF8.self))
            }
        }

        static func megabytes(_ bytes: Int) -> String { InspectReport.human(bytes) }
        static func signed(_ bytes: Int) -> String { (bytes >= 0 ? "+" : "-") + megabytes(abs(bytes)) }
        static func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : "/" + path }

        func text(_ comparison: ImageComparison, _ packages: PackageChanges) -> String {
            var lines = [
                textTable([
                    ["IMAGE", "BEFORE", "AFTER", "REDUCTION"],
                    [
                        "\(terminalSafe(before ?? "")) -> \(terminalSafe(after ?? ""))", Self.megabytes(comparison.beforeBytes),
                        Self.megabytes(comparison.afterBytes), String(format: "%.1f%%", comparison.reduction * 100),
                    ],
                ]),
                "",
                "layers: \(comparison.before.layers.count) -> \(comparison.after.layers.count); files: \(comparison.before.files.count) -> \(comparison.after.files.count); efficiency: \(String(format: "%.1f%% -> %.1f%%", comparison.before.efficiency * 100, comparison.after.efficiency * 100))",
            ]
            for (title, changes) in [
                ("added", comparison.added), ("removed", comparison.removed), ("resized", comparison.resized),
            ] where !changes.isEmpty {
                lines.append("\n\(changes.count) files \(title), the largest:")
                lines.append(
                    textTable(
                        [["CHANGE", "BEFORE", "AFTER", "PATH"]]
                            + changes.prefix(top).map {
                                [
                                    Self.signed($0.delta), $0.before.map(Self.megabytes) ?? "-",
                                    $0.after.map(Self.megabytes) ?? "-",
                                    terminalSafe(Self.absolute($0.path)),
                                ]
                            }))
            }
            if !packages.isEmpty {
                lines.append("\npackages: \(packages.summary)")
                lines.append(
                    textTable(
                        [["PACKAGE", "TYPE", "BEFORE", "AFTER"]]
                            + packages.changes.prefix(top * 3).map { [$0.name, $0.kind, $0.before ?? "-", $0.after ?? "-"] }))
            }
            return lines.joined(separator: "\n")
        }

        /// The seed's table, for a step summary.
        func markdown(_ comparison: ImageComparison) -> String {
            """
            | image | before | after | reduction |
            | --- | --- | --- | --- |
            | \(before ?? "") -> \(after ?? "") | \(Self.megabytes(comparison.beforeBytes)) | \(Self.megabytes(comparison.afterBytes)) | \(String(format: "%.1f%%", comparison.reduction * 100)) |
            """
        }

        struct Document: Encodable {
            struct File: Encodable {
                var path: String
                var before: Int?
                var after: Int?
            }
            var before: String
            var after: String
            var beforeBytes: Int
            var afterBytes: Int
            var reduction: Double
            var layers: [Int]
            var added: [File]
            var removed: [File]
            var resized: [File]
            var packages: [PackageChanges.Change]
        }

        func document(_ comparison: ImageComparison, _ packages: PackageChanges) -> Document {
            func files(_ changes: [ImageComparison.FileChange]) -> [Document.File] {
                changes.prefix(top).map { Document.File(path: Self.absolute($0.path), before: $0.before, after: $0.after) }
            }
            return Document(
                before: before ?? "", after: after ?? "", beforeBytes: comparison.beforeBytes, afterBytes: comparison.afterBytes,
                reduction: comparison.reduction, layers: [comparison.before.layers.count, comparison.after.layers.count],
                added: files(comparison.added), removed: files(comparison.removed), resized: files(comparison.resized),
                packages: packages.changes)
        }
    }
}

/// Packages one image has and the other lacks, or holds at another version.
struct PackageChanges {
    struct Change: Encodable {
        var name: String
        var kind: String
        var before: String?
        var after: String?
    }

    var changes: [Change] = []

    init(before: ImageCatalog, after: ImageCatalog) {
        func versions(_ catalog: ImageCatalog) -> [String: String] {
            Dictionary(
                catalog.packages.map { ("\($0.kind.rawValue) \($0.name)", $0.version) }, uniquingKeysWith: { first, _ in first })
        }
        let old = versions(before)
        let new = versions(after)
        for key in Set(old.keys).union(new.keys).sorted() where old[key] != new[key] {
            let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
            changes.append(Change(name: parts[1], kind: parts[0], before: old[key], after: new[key]))
        }
    }

    var isEmpty: Bool { changes.isEmpty }

    var summary: String {
        let added = changes.filter { $0.before == nil }.count
        let removed = changes.filter { $0.after == nil }.count
        return "\(added) added, \(removed) removed, \(changes.count - added - removed) at another version"
    }
}
