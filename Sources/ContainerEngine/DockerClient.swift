import Foundation

/// The docker client stagecraft drives: `STAGECRAFT_DOCKER`, else Debian's /usr/bin/docker (which
/// speaks BuildKit to dockerd 20.10), else `docker` on PATH. `DOCKER_HOST` and `DOCKER_CONTEXT`
/// pass through the environment. With buildx it runs `docker buildx build --load`, else
/// `docker build` with `DOCKER_BUILDKIT=1`.
public struct DockerClient: Sendable {
    public var executable: String
    /// Whether `docker buildx` answers (builds then use `buildx build --load`).
    public var usesBuildx: Bool

    public init(executable: String? = nil) {
        let environment = ProcessInfo.processInfo.environment
        self.executable =
            executable ?? environment["STAGECRAFT_DOCKER"]
            ?? (FileManager.default.isExecutableFile(atPath: "/usr/bin/docker") ? "/usr/bin/docker" : "docker")
        usesBuildx = false
        usesBuildx = (try? run(["buildx", "version"]).status) == 0
    }

    /// The engine's version, or why no engine answers through this client.
    @discardableResult
    public func checkEngine() throws(EngineError) -> String {
        let answer: (status: Int32, output: String)
        do { answer = try run(["version", "--format", "{{.Server.Version}}"]) } catch {
            throw .cannotRun(client: executable, reason: "\(error)")
        }
        guard answer.status == 0 else { throw .noEngine(client: executable, detail: answer.output) }
        return answer.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs the client with its standard output handed to `read` as a file descriptor (for
    /// streams such as `docker save`), then drains what `read` left so the client can finish.
    /// - Throws: ``EngineError`` when the client cannot start or ends with a non-zero status
    ///   (after `read` returned), else what `read` threw.
    public func withOutput<T>(_ arguments: [String], read: (Int32) throws -> T) throws -> T {
        let run = try separated(arguments, keepErrors: 1 << 20) { descriptor in
            let result = Result { try read(descriptor) }
            var rest = TailBuffer(limit: 0)
            rest.drain(descriptor)
            return result
        }
        if run.status != 0 {
            let message = String(decoding: run.errors.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw EngineError.failed(command: arguments.prefix(2).joined(separator: " "), status: run.status, message: message)
        }
        return try run.output.get()
    }

    /// Starts the client with standard output and error on pipes, hands standard output to `read`
    /// (which must read it to its end) while standard error is collected beside it (its last
    /// `keepErrors` bytes), and waits for the client.
    private func separated<T>(
        _ arguments: [String], keepErrors: Int, read: (Int32) -> T
    ) throws(EngineError) -> (status: Int32, output: T, errors: (bytes: [UInt8], dropped: Int)) {
        let process = self.process(arguments)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw .cannotRun(client: executable, reason: error.localizedDescription) }
        ChildProcesses.started(process)
        defer { ChildProcesses.finished(process) }
        let messages = BackgroundRead(errors.fileHandleForReading, keep: keepErrors)
        let result = read(output.fileHandleForReading.fileDescriptor)
        process.waitUntilExit()
        return (process.terminationStatus, result, messages.wait())
    }

    /// Runs the client and collects its output (for short commands).
    /// Output past 16 MiB keeps its last 16 MiB.
    public func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        var collected = TailBuffer(limit: 16 << 20)
        let status = try stream(arguments) { collected.append(ArraySlice(Array($0.utf8) + [0x0A])) }
        return (status, String(decoding: collected.finish(), as: UTF8.self))
    }

    /// Runs the client, handing each output line (stdout and stderr together) to `line`.
    package func stream(_ arguments: [String], line: (Substring) -> Void) throws -> Int32 {
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
    package func process(_ arguments: [String]) -> Process {
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
        let run: (status: Int32, output: TailBuffer, errors: (bytes: [UInt8], dropped: Int))
        do {
            run = try separated(arguments, keepErrors: keep) { descriptor in
                var stdout = TailBuffer(limit: keep)
                stdout.drain(descriptor)
                return stdout
            }
        } catch {
            return Captured(status: -1, stdout: [], stderr: "\(error)")
        }
        var stdout = run.output
        return Captured(
            status: run.status, stdout: stdout.finish(), stderr: String(decoding: run.errors.bytes, as: UTF8.self),
            stdoutDropped: stdout.dropped, stderrDropped: run.errors.dropped)
    }
}

/// The last `limit` bytes of a stream, and how many came before them.
package struct TailBuffer {
    package let limit: Int
    private var bytes: [UInt8] = []
    package private(set) var dropped = 0

    package init(limit: Int) { self.limit = max(0, limit) }

    package mutating func append(_ chunk: ArraySlice<UInt8>) {
        bytes += chunk
        // Trimming only past twice the limit keeps appends amortised linear.
        if bytes.count > 2 * limit + (1 << 16) { trim() }
    }

    /// Reads `descriptor` to its end.
    package mutating func drain(_ descriptor: Int32) {
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
    package mutating func finish() -> [UInt8] {
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
