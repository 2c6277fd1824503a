import ContainerEngine
import Foundation
import ParallelJobs
import StagecraftReporting

extension DockerClient {
    /// The command line for one job.
    public func arguments(for job: BuildJob, noCache: Bool) -> [String] {
        var arguments = usesBuildx ? ["buildx", "build", "--load"] : ["build"]
        arguments += ["--progress=plain", "-f", job.dockerfile, "-t", job.tag]
        if let target = job.target { arguments += ["--target", target] }
        for (key, value) in job.args.sorted(by: { $0.key < $1.key }) { arguments += ["--build-arg", "\(key)=\(value)"] }
        for (key, value) in job.labels.sorted(by: { $0.key < $1.key }) { arguments += ["--label", "\(key)=\(value)"] }
        for source in job.cacheFrom where !source.contains("type=") || usesBuildx { arguments += ["--cache-from", source] }
        for secret in job.secrets { arguments += ["--secret", secret] }
        if noCache { arguments.append("--no-cache") }
        arguments.append(job.context)
        return arguments
    }
}

/// How one job ended.
public struct BuildOutcome: Sendable {
    public var job: BuildJob
    public var succeeded: Bool
    /// Wall time of the whole `docker build`.
    public var seconds: Double
    public var progress: BuildProgress
    /// Advice for failures stagecraft recognizes (an offline `# syntax=` line, no engine).
    public var hint: String?
}

/// Runs build jobs on the engine, several at once.
public struct BuildRunner: Sendable {
    public var client: DockerClient
    public var parallelJobs: Int
    public var noCache: Bool

    public init(client: DockerClient, parallelJobs: Int, noCache: Bool) {
        self.client = client
        self.parallelJobs = max(1, parallelJobs)
        self.noCache = noCache
    }

    /// Builds every job; `report` sees each step start and finish (called from several threads,
    /// one call at a time). Returns the outcomes in job order.
    public func run(_ jobs: [BuildJob], report: @escaping @Sendable (BuildJob, BuildProgress.Event) -> Void) -> [BuildOutcome] {
        let lock = NSLock()
        let serialized: @Sendable (BuildJob, BuildProgress.Event) -> Void = { job, event in lock.withLock { report(job, event) } }
        return ParallelJobs.map(count: jobs.count, threads: parallelJobs) { index in build(jobs[index], report: serialized) }
    }

    func build(_ job: BuildJob, report: (BuildJob, BuildProgress.Event) -> Void) -> BuildOutcome {
        var progress = BuildProgress()
        let start = Date()
        let status: Int32
        // Values of secret-looking build arguments never reach the display, the report or build.json.
        let secrets = Redaction.secretValues(job.args)
        do {
            status = try client.stream(client.arguments(for: job, noCache: noCache)) { line in
                let event = progress.consume(secrets.isEmpty ? line : Substring(Redaction.redact(String(line), values: secrets)))
                if event != .none { report(job, event) }
            }
        } catch {
            return BuildOutcome(
                job: job, succeeded: false, seconds: 0, progress: progress,
                hint: "cannot run \(client.executable): \(error.localizedDescription); set STAGECRAFT_DOCKER to the docker client"
            )
        }
        let seconds = Date().timeIntervalSince(start)
        return BuildOutcome(
            job: job, succeeded: status == 0, seconds: seconds, progress: progress,
            hint: status == 0 ? nil : Self.hint(progress, dockerfile: job.dockerfile))
    }

    /// Explains failures with a known cause.
    static func hint(_ progress: BuildProgress, dockerfile: String) -> String? {
        let text = progress.tail.joined(separator: "\n")
        if text.contains("docker/dockerfile") || text.contains("resolve image config for") && text.contains("syntax") {
            return
                "\(dockerfile): its `# syntax=` line makes BuildKit pull a frontend image from a registry, which is not reachable; "
                + "make the frontend reachable: copy docker/dockerfile:1 into a registry this machine reaches (a local one, "
                + "e.g. with `skopeo copy` from a machine that has it) and point the line there (`# syntax=localhost:5000/docker/dockerfile:1`). "
                + "Deleting the line falls back to the engine's built-in frontend, which fails on features it lacks (heredocs before Docker 23)"
        }
        if text.contains("Cannot connect to the Docker daemon") || text.contains("Is the docker daemon running") {
            return "no Docker engine answers; start one (scripts/engine.sh) or set DOCKER_HOST"
        }
        if text.contains("pull access denied") || text.contains("failed to resolve source metadata")
            || text.contains("failed to do request")
        {
            return "a base image is not in the engine and no registry is reachable; build or import it locally first"
        }
        return nil
    }
}
