import ArgumentParser
import Foundation
import StagecraftAdvisories
import StagecraftImage
import StagecraftReporting
import StagecraftSBOM
import StagecraftScan

extension Stagecraft {
    /// `stagecraft scan`: an image's packages matched against vulnerability advisories, offline.
    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find the known vulnerabilities of an image's packages in OSV advisories, offline.",
            discussion: """
                Packages are those `stagecraft sbom` lists; each vulnerability names the layer and instruction that added
                the package. Debian and Alpine packages match by source package within the release; PyPI names are
                normalised. scan: in .stagecraft.yml sets fail-on, only-fixed and ignore rules (with a reason and an
                expiry); --vex applies OpenVEX statements. Exit codes: 0 nothing at or above --fail-on, 1 vulnerabilities at or above it, 2 unusable
                input (an image or advisory that cannot be read, a version that cannot be compared).
                """)

        enum Format: String, ExpressibleByArgument { case table, json, sarif, github, markdown }

        @Argument(help: "An archive, an OCI layout folder, or an image name in the local engine.")
        var image: String

        @Option(
            name: .customLong("advisories"),
            help: "OSV advisories: a JSON or YAML file, or a folder of them. Repeatable.")
        var advisorySources: [String] = []

        @Option(
            help: "The advisory database (default: scan.database, .stagecraft/advisories.db), used when no --advisories is given."
        )
        var db: String?

        @Option(help: "Output: table, json, sarif, github or markdown.")
        var format: Format = .table

        @Option(
            name: .customLong("fail-on"),
            help:
                "Exit 1 at this severity or above: unknown, low, medium, high, critical, none (default: scan.fail-on, else none)."
        )
        var failOn: String?

        @Option(
            help:
                "An OpenVEX document; its not_affected and fixed statements suppress the vulnerabilities they name. Repeatable."
        )
        var vex: [String] = []

        @Flag(name: .customLong("only-fixed"), help: "Report only vulnerabilities with a fixed version.")
        var onlyFixed = false

        @Option(help: "A configuration file instead of .stagecraft.yml.")
        var config: String?

        @Option(help: "The platform to pick from a multi-platform index.")
        var platform: String = "linux/amd64"

        func run() throws {
            var settings = try Settings.load(explicit: config).scan
            if let failOn {
                guard ScanSettingsChoices.failOn.contains(failOn) else {
                    throw CommandFailure(
                        "error: --fail-on takes \(ScanSettingsChoices.failOn.joined(separator: ", ")), not \(failOn)")
                }
                settings.failOn = failOn
            }
            settings.onlyFixed = settings.onlyFixed || onlyFixed
            let catalog = ImageCatalog(
                try ImageInput.load(image, reader: ImageArchiveReader(platform: platform, capture: ImageCatalog.capture)))
            let index: AdvisoryIndex
            if advisorySources.isEmpty {
                let path = db ?? settings.database
                guard db != nil || FileManager.default.fileExists(atPath: path) else {
                    throw CommandFailure(
                        "error: no advisories to match against; import some with stagecraft db import SOURCE..., or name files or folders with --advisories"
                    )
                }
                let database = try AdvisoryDatabase(path: path)
                let sources = try database.sources()
                guard !sources.isEmpty else {
                    throw CommandFailure("\(path): error: the advisory database is empty; run stagecraft db import")
                }
                let oldest = sources.map(\.importedAt).min() ?? Date()
                let days = Int(Date().timeIntervalSince(oldest) / 86_400)
                if days > settings.maxDatabaseAge {
                    Console.error(
                        "warning: \(path) was imported \(days) days ago (more than scan.max-database-age, \(settings.maxDatabaseAge)); re-import its sources for current advisories"
                    )
                }
                index = try AdvisoryIndex.loading(from: database, for: catalog)
            } else {
                var advisories: [Advisory] = []
                for source in advisorySources {
                    var isFolder: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) else {
                        throw CommandFailure("\(source): error: no such file or folder of advisories")
                    }
                    advisories += isFolder.boolValue ? try AdvisoryReader.readFolder(source) : try AdvisoryReader.readFile(source)
                }
                index = AdvisoryIndex(advisories)
            }
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd"
            formatter.timeZone = TimeZone(identifier: "UTC")
            var statements: [VEXStatement] = []
            for document in vex { statements += try VEXStatement.read(document) }
            let report = try VulnerabilityScan.run(
                catalog, index: index, settings: settings, today: formatter.string(from: Date()), vex: statements)
            Console.output(ScanOutput(report: report).render(format))
            for rule in report.expiredIgnores {
                Console.error(
                    "note: the ignore rule for \(rule.id) expired on \(rule.expires ?? "?") (\(rule.reason)); it is reported again"
                )
            }
            if let threshold = Vulnerability.Severity(rawValue: settings.failOn),
                report.vulnerabilities.contains(where: { $0.severity >= threshold })
            {
                throw CommandFailure("", exitCode: ExitStatus.findings)
            }
        }
    }
}

/// The `fail-on` values, as the configuration declares them.
enum ScanSettingsChoices {
    static let failOn = Vulnerability.Severity.allCases.map(\.rawValue) + ["none"]
}
