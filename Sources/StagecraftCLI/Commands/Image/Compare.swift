import ArgumentParser
import Foundation
import StagecraftImage
import StagecraftReporting
import StagecraftSBOM

extension Stagecraft {
    /// `stagecraft compare`: two images side by side.
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare two images: sizes and the reduction, layers, files added, removed and resized, packages.",
            discussion: """
                BEFORE and AFTER are archives, OCI layouts or images in the local engine (a single-stage build and its
                multi-stage runtime, say, or yesterday's image and today's). The size is every layer's bytes, as the
                engine reports an image. Exit codes: 0 compared, 2 an image cannot be read.
                """)

        enum Format: String, ExpressibleByArgument { case text, json, markdown }

        @Argument(help: "The image before.")
        var before: String

        @Argument(help: "The image after.")
        var after: String

        @Option(help: "How many files of each kind (added, removed, resized) to list.")
        var top: Int = 10

        @Option(help: "Output: text, json or markdown.")
        var format: Format = .text

        @Option(help: "The platform to pick from a multi-platform index.")
        var platform: String = "linux/amd64"

        func run() throws {
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

        static func megabytes(_ bytes: Int) -> String { InspectReport.human(bytes) }
        static func signed(_ bytes: Int) -> String { (bytes >= 0 ? "+" : "-") + megabytes(abs(bytes)) }
        static func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : "/" + path }

        func text(_ comparison: ImageComparison, _ packages: PackageChanges) -> String {
            var lines = [
                textTable([
                    ["IMAGE", "BEFORE", "AFTER", "REDUCTION"],
                    [
                        "\(terminalSafe(before)) -> \(terminalSafe(after))", Self.megabytes(comparison.beforeBytes),
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
            | \(before) -> \(after) | \(Self.megabytes(comparison.beforeBytes)) | \(Self.megabytes(comparison.afterBytes)) | \(String(format: "%.1f%%", comparison.reduction * 100)) |
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
                before: before, after: after, beforeBytes: comparison.beforeBytes, afterBytes: comparison.afterBytes,
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
