import ArgumentParser
import ContainerEngine
import Foundation
import StagecraftBuild
import StagecraftCompose
import StagecraftHistory

extension Stagecraft {
    /// `stagecraft build`: every selected compose service at every selected target, on BuildKit.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Build compose services for their targets on the engine with BuildKit, in parallel, with step timings and cache hits.",
            discussion: """
                Tags follow the service's image: when building its compose target, else <project>-<service>:<target>.
                The JSON report is also saved to .stagecraft/build.json next to the compose file.
                Exit 0 when every build succeeded, 1 when one failed, 2 for unusable input or no engine.
                """
        )

        enum Format: String, ExpressibleByArgument { case text, json, junit, github, markdown }

        @Option(
            name: .shortAndLong,
            help: "The compose file (default: compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml).")
        var file: [String] = []

        @Option(help: "Build services of this profile too (repeatable).")
        var profile: [String] = []

        @Option(help: "Build only this service (repeatable).")
        var service: [String] = []

        @Option(help: "Targets to build for every service, comma-separated (default: each service's compose target).")
        var target: [String] = []

        @Option(help: "How many builds run at once.")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Flag(help: "Build without the cache.")
        var noCache = false

        @Option(name: .customLong("build-arg"), help: "A build argument KEY=VALUE for every build (repeatable).")
        var buildArg: [String] = []

        @Option(
            help:
                "A BuildKit secret for every build, id=NAME,src=FILE or id=NAME,env=VAR (repeatable); RUN --mount=type=secret,id=NAME reads it, and it is in no image or report."
        )
        var secret: [String] = []

        @OptionGroup var recording: RecordingOptions

        @Option(help: "Output: text, json, junit, github or markdown.")
        var format: Format = .text

        func validate() throws {
            if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
            for argument in buildArg where !argument.contains("=") {
                throw ValidationError("--build-arg \(argument): expected KEY=VALUE")
            }
        }

        func run() throws {
            let paths = try composeFiles()
            let path = paths.joined(separator: ", ")
            let project: ComposeProject
            do { project = try ComposeLoader().load(paths) } catch { throw CommandFailure(error) }
            var planner = BuildPlanner()
            for value in secret where !value.hasPrefix("id=") || !(value.contains(",src=") || value.contains(",env=")) {
                throw CommandFailure("error: --secret \(value) needs the form id=NAME,src=FILE or id=NAME,env=VAR")
            }
            planner.secrets = secret
            planner.services = service
            planner.profiles = profile
            if let active = ProcessInfo.processInfo.environment["COMPOSE_PROFILES"] {
                planner.profiles += active.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            }
            planner.targets = target.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            for argument in buildArg {
                let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                planner.buildArgs[String(parts[0])] = String(parts[1])
            }
            let plan: BuildPlanner.Plan
            do { plan = try planner.plan(project) } catch { throw CommandFailure(error) }
            if plan.jobs.isEmpty {
                throw CommandFailure(
                    "error: \(path): no service to build (services need a build: section; check --service and --profile)")
            }

            let client = try DockerClient.requiringEngine()
            let names = plan.jobs.map(\.label).joined(separator: ", ")
            Console.error(
                "building \(plan.jobs.count) image(s) with \(client.usesBuildx ? "buildx" : "BuildKit") (\(min(jobs, plan.jobs.count)) at a time): \(names)"
            )
            let runner = BuildRunner(client: client, parallelJobs: jobs, noCache: noCache)
            // Ctrl-C stops the docker builds too (each runs in a process group of its own).
            SignalTrap.onInterrupt { ChildProcesses.terminateAll() }
            let display = BuildProgressDisplay(jobs: plan.jobs)
            let outcomes = runner.run(plan.jobs) { job, event in display.handle(job, event) }
            display.finish(outcomes)
            let report = BuildReport(project: project.name, outcomes: outcomes, skipped: plan.skipped)
            let saved = BuildReport.savedPath(projectDirectory: project.directory)
            do { try report.save(to: saved) } catch {
                Console.error("warning: could not save \(saved): \(error.localizedDescription)")
            }
            var verdict = RecordingOptions.Verdict.unchecked
            if !recording.noHistory {
                let git = History.git
                verdict = recording.record(
                    outcomes.filter(\.succeeded).map { outcome in
                        var run = RunRecord(
                            project: project.name, command: "build", service: outcome.job.service,
                            target: outcome.job.target ?? "", git: git)
                        run.image = outcome.job.tag
                        run.buildSeconds = outcome.seconds
                        run.cacheHitRate = outcome.progress.cacheHitRate
                        // The engine's size and id of the image built (what `docker images` shows).
                        if let inspected = try? client.run(["image", "inspect", "--format", "{{.Size}} {{.Id}}", outcome.job.tag]
                        ),
                            inspected.status == 0
                        {
                            let fields = inspected.output.split(whereSeparator: \.isWhitespace)
                            run.sizeBytes = fields.first.flatMap { Int64($0) }
                            run.imageID = fields.dropFirst().first.map(String.init)
                        }
                        return run
                    }, configuration: try Settings.load(explicit: nil, folder: project.directory))
            }
            switch format {
            case .text: Console.output(report.text())
            case .json: Console.output(report.json())
            case .junit: Console.output(report.junit())
            case .github: Console.output(report.github())
            case .markdown: Console.output(report.markdown())
            }
            try RecordingOptions.conclude(verdict, failed: !report.failed.isEmpty)
        }

        func composeFiles() throws -> [String] {
            let files = file.isEmpty ? ComposeLoader.defaultFiles() : file
            for path in files where !FileManager.default.fileExists(atPath: path) {
                throw CommandFailure("error: \(path): no such compose file")
            }
            if !files.isEmpty { return files }
            throw CommandFailure(
                "error: no compose file here (compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml); name one with -f"
            )
        }
    }
}
