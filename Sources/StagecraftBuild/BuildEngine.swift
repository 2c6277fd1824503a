import StagecraftReporting
import Foundation
import ParallelJobs

/// The docker client stagecraft drives: `STAGECRAFT_DOCKER`, else Debian's /usr/bin/docker (which
/// speaks BuildKit to dockerd 20.10), else `docker` on PATH. `DOCKER_HOST` and `DOCKER_CONTEXT`
/// pass through the environment. With buildx it runs `docker buildx build --load`, else
/// `docker build` with `DOCKER_BUILDKIT=1`.
public struct DockerClient: Sendable {
    public var executable: String
    public var usesBuildx: Bool

    public init(executable: String? = nil) {
        let environment = ProcessInfo.processInfo.environment
        self.executable =
            executable ?? environment["STAGECRAFT_DOCKER"]
            ?? (FileManager.default.isExecutableFile(atPath: "/usr/bin/docker") ? "/usr/bin/docker" : "docker")
        usesBuildx = false
        usesBuildx = (try? run(["buildx", "version"]).status) == 0
    }

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

    /// Runs the client and collects its output (for short commands).
    public func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        var collected = ""
        let status = try stream(arguments) { collected += $0 + "\n" }
        return (status, collected)
    }

    /// Runs the client, handing each output line (stdout and stderr together) to `line`.
    func stream(_ arguments: [String], line: (Substring) -> Void) throws -> Int32 {
        let process = self.process(arguments)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        ChildProcesses.started(process)
        defer { ChildProcesses.finished(process) }
        let handle = pipe.fileHandleForReading
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            pending += chunk[0..<count]
            while let newline = pending.firstIndex(of: 0x0A) {
                line(Substring(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
        }
        if !pending.isEmpty { line(Substring(decoding: pending, as: UTF8.self)) }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

extension DockerClient {
    /// The client as a process with BuildKit on and no standard input.
    func process(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = (executable.hasPrefix("/") ? [] : [executable]) + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKER_BUILDKIT"] = "1"
        environment["BUILDKIT_PROGRESS"] = "plain"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        return process
    }

    /// What a command wrote, standard output and error apart.
    public struct Captured: Sendable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: String
        public var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs the client with standard output (bytes, e.g. a tar stream) and error kept apart.
    public func capture(_ arguments: [String]) -> Captured {
        let process = self.process(arguments)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            return Captured(status: -1, stdout: [], stderr: "cannot run \(executable): \(error)")
        }
        let errors = BackgroundRead(err.fileHandleForReading)
        let stdout = [UInt8](out.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        return Captured(status: process.terminationStatus, stdout: stdout, stderr: errors.wait())
    }
}

/// Reads a handle to its end on a thread of its own, so two pipes can drain at once.
private final class BackgroundRead: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    func wait() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
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
