import ContainerEngine
import Foundation
import TarArchive

/// Reads an image from the local engine by streaming `docker save` (never written to disk).
public struct EngineSource: Sendable {
    /// The docker client (see ``DockerClient`` for how it is found).
    public var client: DockerClient

    public init(client: DockerClient = DockerClient()) { self.client = client }

    /// Streams `docker save reference` through the archive reader.
    public func read(_ reference: String, reader: ImageArchiveReader) throws -> Image {
        do {
            return try client.withOutput(["save", reference]) { descriptor in
                try reader.read(stream: FileStream(descriptor: descriptor), name: reference)
            }
        } catch let error as EngineError {
            throw ImageError.engine(error.description)
        }
    }
}
