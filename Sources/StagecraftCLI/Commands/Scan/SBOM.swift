import ArgumentParser
import Foundation
import StagecraftImage
import StagecraftReporting
import StagecraftSBOM
import StagecraftScan

extension Stagecraft {
    /// `stagecraft sbom`: the packages in an image, and the layer and instruction that added each.
    struct SBOM: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sbom",
            abstract:
                "List the packages in an image (dpkg, apk, Python, npm, Go) with the layer and instruction that added each.",
            discussion: """
                IMAGE is a docker save archive, an OCI layout (folder or tar), or an image in the local engine; a build
                context folder lists what its lock files (package-lock.json) pin.
                Only what the final file system holds is listed: databases a later layer deleted or replaced do not count.
                """)

        enum Format: String, ExpressibleByArgument { case table, json, cyclonedx, spdx }

        @Argument(help: "An archive, an OCI layout folder, an image name in the local engine, or a build context folder.")
        var image: String

        @Option(help: "Output: table, json, cyclonedx (CycloneDX 1.6 JSON) or spdx (SPDX 2.3 JSON).")
        var format: Format = .table

        @Option(help: "The Dockerfile the image was built from: each package names the line that made its layer.")
        var dockerfile: String?

        @Option(help: "The stage the image was built at, with --dockerfile (default: the last).")
        var target: String?

        @Option(help: "The platform to pick from a multi-platform index.")
        var platform: String = "linux/amd64"

        struct Document: Encodable {
            struct Package: Encodable {
                var name: String
                var version: String
                var type: String
                var purl: String
                var sourceName: String?
                var sourceVersion: String?
                var architecture: String?
                var location: String
                var layer: Int
                var instruction: String
                var dockerfileLine: String?
            }
            var image: String
            var distribution: [String: String]?
            var packages: [Package]
        }

        func run() throws {
            var origins = LayerOrigins()
            let catalog: ImageCatalog
            if let dockerfile, !ImageInput.isBuildContext(image) {
                let loaded = try ImageInput.load(
                    image, reader: ImageArchiveReader(platform: platform, capture: ImageCatalog.capture))
                origins = try LayerOrigins(image: loaded, dockerfileAt: dockerfile, target: target)
                catalog = ImageCatalog(loaded)
            } else {
                catalog = try ImageInput.catalog(image, platform: platform)
            }
            switch format {
            case .cyclonedx:
                Console.output(try prettyJSON(SBOMDocuments(catalog, toolVersion: Stagecraft.configuration.version).cycloneDX()))
            case .spdx:
                Console.output(try prettyJSON(SBOMDocuments(catalog, toolVersion: Stagecraft.configuration.version).spdx()))
            case .json:
                let document = Document(
                    image: catalog.image,
                    distribution: catalog.distribution.map {
                        [
                            "id": $0.id, "versionID": $0.versionID, "codename": $0.codename ?? "",
                            "prettyName": $0.prettyName ?? "",
                        ]
                    },
                    packages: catalog.packages.map {
                        Document.Package(
                            name: $0.name, version: $0.version, type: $0.kind.rawValue, purl: $0.purl, sourceName: $0.sourceName,
                            sourceVersion: $0.sourceVersion, architecture: $0.architecture, location: $0.location,
                            layer: $0.layer,
                            instruction: $0.instruction, dockerfileLine: origins.byLayer[$0.layer]?.text)
                    })
                Console.output(try prettyJSON(document))
            case .table:
                let rows =
                    [["NAME", "VERSION", "TYPE", "LAYER", "ADDED BY"]]
                    + catalog.packages.map {
                        [
                            $0.name, $0.version, $0.kind.rawValue, String($0.layer),
                            origins.byLayer[$0.layer].map { terminalSafe($0.text) }
                                ?? String(terminalSafe($0.instruction).prefix(60)),
                        ]
                    }
                var lines = [textTable(rows)]
                let distribution = catalog.distribution.map { " on \($0.prettyName ?? $0.id + " " + $0.versionID)" } ?? ""
                lines.append("\n\(catalog.packages.count) packages\(distribution)")
                Console.output(lines.joined(separator: "\n"))
            }
        }
    }
}
