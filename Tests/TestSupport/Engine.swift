import Foundation

/// The local Docker engine, for tests that build, run and save images.
public enum Engine {
    /// Debian's client, which speaks BuildKit to dockerd 20.10 (`STAGECRAFT_DOCKER` overrides).
    public static let client = ProcessInfo.processInfo.environment["STAGECRAFT_DOCKER"] ?? "/usr/bin/docker"

    /// Whether the engine answers and has the busybox base image scripts/engine.sh makes.
    public static let isUsable: Bool = {
        guard FileManager.default.isExecutableFile(atPath: client) else { return false }
        guard let version = try? docker(["version", "--format", "{{.Server.Version}}"], timeout: 20), version.status == 0 else {
            return false
        }
        guard let base = try? docker(["image", "inspect", "stagecraft/busybox:local"], timeout: 20) else { return false }
        return base.status == 0
    }()

    /// Runs the docker client with BuildKit on.
    public static func docker(_ arguments: [String], timeout: TimeInterval = 600) throws -> ProcessResult {
        try ProcessRunner.run(client, arguments, environment: ["DOCKER_BUILDKIT": "1"], timeout: timeout)
    }
}

/// Tests that run `stagecraft test` sweep what killed runs left on the engine; a test that
/// leaves a killed run's containers on purpose holds this so no other such test sweeps them first.
public enum EngineRuns {
    private static let lock = NSLock()

    public static func exclusively<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
