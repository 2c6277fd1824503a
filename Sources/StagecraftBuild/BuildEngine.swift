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
    /// Output past 16 MiB keeps its last 16 MiB.
    public func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        var collected = TailBuffer(limit: 16 << 20)
        let status = try stream(arguments) { collected.append(ArraySlice(Array($0.utf8) + [0x0A])) }
        return (status, String(decoding: collected.finish(), as: UTF8.self))
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
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                line(Substring(decoding: pending[start..<newline], as: UTF8.self))
                start = newline + 1
            }
            pending.removeFirst(start)
            // A "line" with no end in sight is handed on in pieces rather than held whole.
            if pending.count > 1 << 20 {
                line(Substring(decoding: pending, as: UTF8.self))
                pending.removeAll(keepingCapacity: true)
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

    /// What a command wrote, standard output and error apart. Each keeps at most its last
    /// ``keep`` bytes; what came before is counted, not kept.
    public struct Captured: Sendable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: String
        /// Bytes of standard output (and error) dropped from the front to stay within the limit.
        public var stdoutDropped = 0
        public var stderrDropped = 0
        public var text: String { String(decoding: stdout, as: UTF8.self) }

        /// 64 MiB: far more than a test's output needs to be judged, far less than memory.
        public static let keep = 64 << 20
    }

    /// Runs the client with standard output (bytes, e.g. a tar stream) and error kept apart,
    /// keeping the last `keep` bytes of each.
    public func capture(_ arguments: [String], keep: Int = Captured.keep) -> Captured {
        let process = self.process(arguments)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            return Captured(status: -1, stdout: [], stderr: "cannot run \(executable): \(error)")
        }
        ChildProcesses.started(process)
        defer { ChildProcesses.finished(process) }
        let errors = BackgroundRead(err.fileHandleForReading, keep: keep)
        var stdout = TailBuffer(limit: keep)
        stdout.drain(out.fileHandleForReading.fileDescriptor)
        process.waitUntilExit()
        let stderr = errors.wait()
        return Captured(
            status: process.terminationStatus, stdout: stdout.finish(), stderr: String(decoding: stderr.bytes, as: UTF8.self),
            stdoutDropped: stdout.dropped, stderrDropped: stderr.dropped)
    }
}

/// The last `limit` bytes of a stream, and how many came before them.
struct TailBuffer {
    let limit: Int
    private var bytes: [UInt8] = []
    private(set) var dropped = 0

    init(limit: Int) { self.limit = max(0, limit) }

    mutating func append(_ chunk: ArraySlice<UInt8>) {
        bytes += chunk
        // Trimming only past twice the limit keeps appends amortised linear.
        if bytes.count > 2 * limit + (1 << 16) { trim() }
    }

    /// Reads `descriptor` to its end.
    mutating func drain(_ descriptor: Int32) {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            append(chunk[0..<count])
        }
    }

    private mutating func trim() {
        let excess = bytes.count - limit
        guard excess > 0 else { return }
        bytes.removeFirst(excess)
        dropped += excess
    }

    /// The kept bytes.
    mutating func finish() -> [UInt8] {
        trim()
        return bytes
    }
}

/// Reads a handle to its end on a thread of its own, so two pipes can drain at once.
private final class BackgroundRead: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var buffer: TailBuffer

    init(_ handle: FileHandle, keep: Int) {
        buffer = TailBuffer(limit: keep)
        Thread { [self] in
            buffer.drain(handle.fileDescriptor)
            done.signal()
        }.start()
    }

    func wait() -> (bytes: [UInt8], dropped: Int) {
        done.wait()
        let bytes = buffer.finish()
        return (bytes, buffer.dropped)
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
