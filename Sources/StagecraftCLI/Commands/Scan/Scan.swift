import ArgumentParser
import Foundation
import StagecraftAdvisories
import StagecraftConfiguration
import StagecraftHistory
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

        enum Format: String, ExpressibleByArgument { case table, json, sarif, junit, github, markdown }

        enum Scanner: String, CaseIterable { case vuln, secret }

        @Argument(
            help:
                "An archive, an OCI layout folder, an image name in the local engine, or a build context folder (its lock files)."
        )
        var image: String

        @Option(
            name: .customLong("advisories"),
            help: "OSV advisories: a JSON or YAML file, or a folder of them. Repeatable.")
        var advisorySources: [String] = []

        @Option(
            help: "The advisory database (default: scan.database, .stagecraft/advisories.db), used when no --advisories is given."
        )
        var db: String?

        @Option(help: "What to look for: vuln, secret, or both (comma-separated).")
        var scanners: String = "vuln,secret"

        @OptionGroup var recording: RecordingOptions

        @Option(help: "Output: table, json, sarif, junit, github or markdown.")
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

        @Option(help: "The Dockerfile the image was built from: findings are located at the line that made their layer.")
        var dockerfile: String?

        @Option(help: "The stage the image was built at, with --dockerfile (default: the last).")
        var target: String?

        @Option(help: "A configuration file instead of .stagecraft.yml.")
        var config: String?

        @Option(help: "The platform to pick from a multi-platform index.")
        var platform: String = "linux/amd64"

        func run() throws {
            let configuration = try Settings.load(explicit: config)
            var settings = configuration.scan
            if let failOn {
                guard ScanSettingsChoices.failOn.contains(failOn) else {
                    throw CommandFailure(
                        "error: --fail-on takes \(ScanSettingsChoices.failOn.joined(separator: ", ")), not \(failOn)")
                }
                settings.failOn = failOn
            }
            settings.onlyFixed = settings.onlyFixed || onlyFixed
            var chosen = try chosenScanners()
            var statements: [VEXStatement] = []
            for document in vex { statements += try VEXStatement.read(document) }
            let secretScanner = SecretScanner(settings: settings.secrets)
            // A build context: the packages its lock files pin (secrets are read from images).
            let isContext = ImageInput.isBuildContext(self.image)
            if isContext {
                guard chosen.contains(.vuln) else {
                    throw CommandFailure(
                        "error: \(self.image) is a folder: secrets are read from images; scan the image it builds")
                }
                chosen = [.vuln]
            }
            let capture =
                chosen.contains(.secret) ? FileCapture.either(ImageCatalog.capture, secretScanner.capture) : ImageCatalog.capture
            let image =
                isContext
                ? nil : try ImageInput.load(self.image, reader: ImageArchiveReader(platform: platform, capture: capture))
            let catalog = try image.map(ImageCatalog.init) ?? ImageCatalog(folder: self.image)
            let index = chosen.contains(.vuln) ? try advisoryIndex(settings, catalog: catalog) : AdvisoryIndex([])
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd"
            formatter.timeZone = TimeZone(identifier: "UTC")
            let report = try VulnerabilityScan.run(
                catalog, index: index, settings: settings, today: formatter.string(from: Date()), vex: statements)
            var output = ScanOutput(report: report, scanners: chosen)
            if let dockerfile, let image {
                output.origins = try LayerOrigins(image: image, dockerfileAt: dockerfile, target: target)
            }
            output.redact = { SecretScan.redactedInstruction($0, scanner: secretScanner) }
            if chosen.contains(.secret), let image {
                (output.secrets, output.allowedSecrets) = SecretScan.run(image, scanner: secretScanner)
            }
            var verdict = RecordingOptions.Verdict.unchecked
            if !recording.noHistory, let image, chosen.contains(.vuln) {
                var run = History.run(command: "scan", image: image.tags.first ?? self.image)
                run.vulnerabilities = report.vulnerabilities.count
                run.severeVulnerabilities = Set(report.vulnerabilities.filter { $0.severity >= .high }.map(\.id)).sorted()
                verdict = recording.record([run], configuration: configuration)
            }
            Console.output(output.render(format))
            for rule in report.expiredIgnores {
                Console.error(
                    "note: the ignore rule for \(rule.id) expired on \(rule.expires ?? "?") (\(rule.reason)); it is reported again"
                )
            }
            let failed =
                FindingSeverity(rawValue: settings.failOn).map { threshold in
                    report.vulnerabilities.contains(where: { $0.severity >= threshold })
                        || output.secrets.contains(where: { $0.match.severity >= threshold })
                } ?? false
            try RecordingOptions.conclude(verdict, failed: failed)
        }

        /// The advisories to match: the files and folders named, else the imported database.
        func advisoryIndex(_ settings: ScanSettings, catalog: ImageCatalog) throws -> AdvisoryIndex {
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
                return try AdvisoryIndex.loading(from: database, for: catalog)
            } else {
                var advisories: [Advisory] = []
                for source in advisorySources {
                    var isFolder: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) else {
                        throw CommandFailure("\(source): error: no such file or folder of advisories")
                    }
                    advisories += isFolder.boolValue ? try AdvisoryReader.readFolder(source) : try AdvisoryReader.readFile(source)
                }
                return AdvisoryIndex(advisories)
            }
        }

        func chosenScanners() throws -> Set<Scanner> {
            var chosen: Set<Scanner> = []
            for name in scanners.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let scanner = Scanner(rawValue: name) else {
                    throw CommandFailure("error: --scanners takes vuln and secret, not \(name)")
                }
                chosen.insert(scanner)
            }
            guard !chosen.isEmpty else { throw CommandFailure("error: --scanners names nothing; give vuln, secret or both") }
            return chosen
        }
    }
}

/// The `fail-on` values, as the configuration declares them.
enum ScanSettingsChoices {
    static let failOn = FindingSeverity.allCases.map(\.rawValue) + ["none"]
}
