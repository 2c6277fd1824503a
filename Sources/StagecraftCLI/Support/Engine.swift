import ContainerEngine

extension DockerClient {
    /// The client, once an engine answers through it; otherwise a usage failure (exit 2) that
    /// says what to do.
    static func requiringEngine() throws -> DockerClient {
        let client = DockerClient()
        do { try client.checkEngine() } catch {
            var message = "error: \(error.description)"
            if case .noEngine(_, let detail) = error, !detail.isEmpty {
                message += "\n  the client said: \(detail.trimmingCharacters(in: .whitespacesAndNewlines))"
            }
            throw CommandFailure(message)
        }
        return client
    }
}
