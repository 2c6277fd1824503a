import Foundation

/// The client processes a run has started and not yet seen finish. Foundation starts each in a
/// process group of its own, so a Ctrl-C at the terminal reaches stagecraft and not them: on
/// an interrupt, the command line asks this registry to stop them before it exits.
public enum ChildProcesses {
    nonisolated(unsafe) private static var running: [ObjectIdentifier: Process] = [:]
    private static let lock = NSLock()

    package static func started(_ process: Process) {
        lock.withLock { running[ObjectIdentifier(process)] = process }
    }

    package static func finished(_ process: Process) {
        _ = lock.withLock { running.removeValue(forKey: ObjectIdentifier(process)) }
    }

    /// Asks every running child to stop (SIGTERM), waits up to `grace` seconds, then kills the rest.
    public static func terminateAll(grace: TimeInterval = 5) {
        let processes = lock.withLock { Array(running.values) }
        for process in processes where process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(grace)
        while processes.contains(where: \.isRunning) && Date() < deadline { usleep(50_000) }
        for process in processes where process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
