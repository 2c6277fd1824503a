import ArgumentParser
import ContainerEngine
import Foundation
import StagecraftBuild
import StagecraftCompose
import StagecraftHistory
import StagecraftRuntime

extension Stagecraft {
    /// `stagecraft test`: start each built image and prove it works.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start each built image and check it becomes healthy and runs as non-root; containers are always removed.",
            discussion: """
                Images come from --image, else from the last `stagecraft build` (.stagecraft/build.json beside the compose file).
                Exit 0 when every check passed (warnings allowed), 1 when one failed, 2 for unusable input or no engine.
                """
        )

        enum Format: String, ExpressibleByArgument { case text, json, junit, markdown }

        @Option(help: "An image to test (repeatable); default: the images of the last build.")
        var image: [String] = []

        @Option(
            name: .shortAndLong,
            help: "The compose file whose last build to test (default: compose.yaml and friends in this folder).")
        var file: String?

        @Option(
            name: .shortAndLong,
            help: "A container-structure-test config (schemaVersion 2.0.0) to run against every image (repeatable).")
        var config: [String] = []

        @Flag(
            help:
                "Start the compose services together on their own network, in depends_on order, and run the HTTP probes of .stagecraft.yml (test.probes)."
        )
        var integration = false

        @Option(help: "With --integration: start services of this profile too (repeatable).")
        var profile: [String] = []

        @Option(help: "Seconds to wait for a health check to become healthy.")
        var timeout: Double = 60

        @OptionGroup var recording: RecordingOptions

        @Option(help: "Output: text, json, junit or markdown.")
        var format: Format = .text

        func validate() throws {
            if !timeout.isFinite || timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
        }

        func run() throws {
            var structure: [StructureTestConfig] = []
            for path in config {
                do { structure.append(try StructureTestConfig.load(path)) } catch { throw CommandFailure(error) }
            }
            var subjects: [(label: String, image: String)] = image.map { ($0, $0) }
            if subjects.isEmpty && !integration { subjects = try lastBuild() }
            let client = try DockerClient.requiringEngine()
            let janitor = ContainerJanitor(client: client)
            // What runs killed before they could clean up left behind (see `stagecraft clean`).
            let removed = ContainerJanitor.remove(
                ContainerJanitor.leftovers(client: client, olderThan: ContainerJanitor.foreignRunAge, excluding: janitor.runID),
                client: client)
            if !removed.isEmpty { Console.error("cleaned up after killed runs: " + Clean.summary(removed, dryRun: false)) }
            SignalTrap.onInterrupt {
                ChildProcesses.terminateAll()
                janitor.removeAll()
            }
            defer { janitor.removeAll() }
            let tester = ContainerTester(client: client, timeout: timeout, janitor: janitor)
            var results: [ImageTestResult] = []
            if integration {
                let (services, probes) = try integrationPlan()
                Console.error("starting \(services.map(\.name).joined(separator: ", ")) on network \(janitor.runID)")
                results = IntegrationRun(tester: tester, probes: probes).run(services)
            }
            for subject in subjects {
                Console.error("testing \(subject.label) (\(subject.image))")
                results.append(tester.test(label: subject.label, image: subject.image, structure: structure))
            }
            let report = TestReport(results: results)
            var verdict = RecordingOptions.Verdict.unchecked
            if !recording.noHistory {
                verdict = recording.record(
                    results.map { result in
                        var run = History.run(command: "test", image: result.image)
                        run.testsPassed = result.checks.filter { $0.status != .fail }.count
                        run.testsFailed = result.checks.filter { $0.status == .fail }.count
                        return run
                    }, configuration: try Settings.load(explicit: nil))
            }
            switch format {
            case .text: Console.output(report.text())
            case .json: Console.output(report.json())
            case .junit: Console.output(report.junit())
            case .markdown: Console.output(report.markdown())
            }
            try RecordingOptions.conclude(verdict, failed: report.failed)
        }

        /// The compose services to start together: built ones by the last build's tags, the others by
        /// their `image:`; and the probes of `.stagecraft.yml` beside the compose file.
        func integrationPlan() throws -> ([IntegrationService], [HTTPProbe]) {
            let files = file.map { [$0] } ?? ComposeLoader.defaultFiles()
            guard !files.isEmpty else { throw CommandFailure("error: --integration needs a compose file; name one with -f") }
            let project: ComposeProject
            do { project = try ComposeLoader().load(files) } catch { throw CommandFailure(error) }
            let folder = URL(fileURLWithPath: project.directory)
            var built: [String: String] = [:]
            for build in (try? BuildReport.loadSaved(projectDirectory: project.directory)) ?? [] where build.succeeded {
                // Prefer the image of the compose target.
                if built[build.service] == nil || build.target == project.service(build.service)?.build?.target {
                    built[build.service] = build.image
                }
            }
            var services: [IntegrationService] = []
            for service in project.services {
                if !service.isActive(profiles: profile) { continue }
                guard let image = built[service.name] ?? service.image else {
                    throw CommandFailure(
                        "error: service \(service.name) has no image: run stagecraft build first, or give it image:")
                }
                services.append(
                    IntegrationService(
                        name: service.name, image: image, environment: service.environment,
                        dependsOn: service.dependsOn.map { ($0.service, $0.condition) },
                        healthcheck: service.healthcheck.map {
                            HealthcheckOverride(
                                disabled: $0.disabled, test: $0.test, interval: $0.interval, timeout: $0.timeout,
                                retries: $0.retries, startPeriod: $0.startPeriod)
                        }))
            }
            let probes = try Settings.load(explicit: nil, folder: folder.path).test.probes.map(HTTPProbe.init)
            return (services, probes)
        }

        func lastBuild() throws -> [(label: String, image: String)] {
            guard let compose = file ?? ComposeLoader.defaultFile() else {
                throw CommandFailure(
                    "error: no compose file here and no --image; name images with --image or a compose file with -f")
            }
            let folder = URL(fileURLWithPath: compose).deletingLastPathComponent().path
            let path = BuildReport.savedPath(projectDirectory: folder)
            let builds: [BuildReport.SavedBuild]
            do { builds = try BuildReport.loadSaved(projectDirectory: folder) } catch {
                switch error {
                case .missing:
                    throw CommandFailure(
                        "error: \(path): no build to test; run stagecraft build first, or name images with --image")
                case .unreadable:
                    throw CommandFailure("error: \(path): not a build report stagecraft wrote; run stagecraft build again")
                }
            }
            let subjects = builds.filter(\.succeeded).map { ($0.label, $0.image) }
            if subjects.isEmpty { throw CommandFailure("error: \(path): the last build produced no image; fix the build first") }
            return subjects
        }
    }
}
