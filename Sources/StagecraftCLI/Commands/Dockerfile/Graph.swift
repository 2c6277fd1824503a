import ArgumentParser
import DockerfileStages
import DockerfileSyntax
import Foundation
import StagecraftReporting

extension Stagecraft {
    /// `stagecraft graph`: the stages, their dependencies, and what a target builds.
    struct Graph: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a Dockerfile's stage graph, what a target builds, and in which parallel levels.",
            discussion: "Global ARGs expand in FROM lines as BuildKit expands them; --build-arg overrides defaults."
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, dot, mermaid
        }

        @Option(help: "The stage to build (default: the last stage).")
        var target: String?

        @Option(name: .customLong("build-arg"), help: "A build argument, NAME=value. Repeatable.")
        var buildArgs: [String] = []

        @Option(help: "The target platform for TARGETPLATFORM and friends, e.g. linux/arm64.")
        var platform: String?

        @Option(help: "Output format: text, json, dot or mermaid.")
        var format: Format = .text

        @Argument(help: "The Dockerfile, or - for standard input.")
        var file: String

        func run() throws {
            let input = try InputFile(file)
            let platformArgs = PlatformArgs(targetPlatform: platform)
            let graph = try input.graph(buildArgs: try parseBuildArgs(buildArgs), platform: platformArgs)
            let report: GraphReport
            do {
                report = try GraphReport(graph: graph, target: target)
            } catch {
                throw CommandFailure(error.at(file: input.displayName))
            }
            switch format {
            case .text: Console.output(report.text())
            case .dot: Console.output(report.dot())
            case .mermaid: Console.output(report.mermaid())
            case .json:
                Console.output(try prettyJSON(report.document))
            }
        }
    }
}
