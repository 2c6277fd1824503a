import ArgumentParser
import Foundation
import StagecraftHistory
import StagecraftImage

extension Stagecraft {
    /// `stagecraft inspect`: layers, sizes, waste and findings of an image.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show where an image's bytes went: layers, largest files, waste, and advice.",
            discussion: """
                IMAGE is a docker save archive, an OCI layout (folder or tar), or an image in the local engine.
                --ci evaluates thresholds from .stagecraft.yml (inspect:) or .dive-ci and exits 1 when one is crossed.
                """
        )

        enum Format: String, ExpressibleByArgument { case text, json, sarif, junit, github, markdown }

        @Argument(help: "An archive, an OCI layout folder, or an image name in the local engine.")
        var image: String

        @Option(
            help:
                "Output: text, json, sarif (code scanning), junit (thresholds and findings as test cases), github (workflow annotations) or markdown (a CI step summary)."
        )
        var format: Format = .text

        @Option(help: "How many of the largest files to list.")
        var top: Int = 10

        @Flag(help: "List the final file system.")
        var tree = false

        @Flag(help: "Evaluate the thresholds and exit 1 when one fails.")
        var ci = false

        @Option(name: .customLong("ci-config"), help: "The thresholds file (default: .stagecraft.yml, else .dive-ci).")
        var ciConfig: String?

        @OptionGroup var recording: RecordingOptions

        @Option(help: "The platform to pick from a multi-platform index.")
        var platform: String = "linux/amd64"

        @Flag(help: "Do not hash layers to check their digests (faster on large uncompressed archives).")
        var noVerify = false

        @Option(
            help: ArgumentHelp(
                "The most one layer may decompress to (e.g. 8G, 500M; default: 250x its stored size, 1G to 64G).",
                valueName: "size"))
        var maxLayerSize: String?

        @Option(help: ArgumentHelp("The most all layers may decompress to together (default 256G).", valueName: "size"))
        var maxImageSize: String?

        func run() throws {
            var limits = ImageArchiveReader.Limits()
            if let maxLayerSize { limits.layerBytes = try Settings.size(maxLayerSize, option: "--max-layer-size") }
            if let maxImageSize { limits.imageBytes = try Settings.size(maxImageSize, option: "--max-image-size") }
            let reader = ImageArchiveReader(platform: platform, verifyDigests: !noVerify, limits: limits)
            let loaded = try ImageInput.load(image, reader: reader)
            let analysis = ImageAnalysis(loaded)
            let findings = ImageFindings(loaded, analysis)
            var gate: GateReport?
            if ci {
                let configuration = try Settings.load(explicit: ciConfig)
                let thresholds = Thresholds(configuration.inspect, source: configuration.origin(of: "inspect"))
                gate = GateReport(thresholds: thresholds, analysis: analysis)
            }
            var verdict = RecordingOptions.Verdict.unchecked
            if !recording.noHistory {
                var run = History.run(command: "inspect", image: loaded.tags.first ?? image)
                run.sizeBytes = Int64(analysis.dive.sizeBytes)
                run.layers = loaded.layers.count
                run.efficiency = analysis.dive.efficiency
                run.wastedBytes = Int64(analysis.dive.wastedBytes)
                verdict = recording.record([run], configuration: try Settings.load(explicit: nil))
            }
            let report = InspectReport(
                image: loaded, analysis: analysis, findings: findings, top: top, includeTree: tree, gate: gate)
            switch format {
            case .text: Console.output(report.text())
            case .json: Console.output(report.json())
            case .sarif: Console.output(report.sarif())
            case .junit: Console.output(report.junit())
            case .github: Console.output(report.github())
            case .markdown: Console.output(report.markdown())
            }
            try RecordingOptions.conclude(verdict, failed: gate.map { !$0.passed } ?? false)
        }
    }
}
