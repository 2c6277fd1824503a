import Foundation

/// What a command does on SIGINT or SIGTERM before it exits with 130: stop the client processes
/// it started, remove the containers of its run. Only the command line exits; libraries clean up.
enum SignalTrap {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func onInterrupt(_ cleanup: @escaping @Sendable () -> Void) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                cleanup()
                exit(130)
            }
            source.resume()
            sources.append(source)
        }
    }
}
