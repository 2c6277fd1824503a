/// Why the engine could not do what was asked. Data, not wording: the command line words it.
public enum EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The client program could not be started.
    case cannotRun(client: String, reason: String)
    /// The client ran but no engine answered it.
    case noEngine(client: String, detail: String)
    /// A client command ended with a non-zero status.
    case failed(command: String, status: Int32, message: String)

    public var description: String {
        switch self {
        case .cannotRun(let client, let reason):
            "cannot run \(client): \(reason); set STAGECRAFT_DOCKER to the docker client"
        case .noEngine(let client, _):
            "no Docker engine answers through \(client); start one (scripts/engine.sh) or set DOCKER_HOST"
        case .failed(let command, let status, let message):
            "docker \(command) failed: \(message.isEmpty ? "exit \(status)" : message)"
        }
    }
}
