import Foundation
import TarArchive

/// Reads an image from the local engine by streaming `docker save` (never written to disk).
public struct EngineSource: Sendable {
    /// The docker client to run: `STAGECRAFT_DOCKER`, else /usr/bin/docker when present, else `docker`.
    public var client: String

    public init(client: String? = nil) {
        let environment = ProcessInfo.processInfo.environment
        self.client =
            client ?? environment["STAGECRAFT_DOCKER"]
            ?? (FileManager.default.isExecutableFile(atPath: "/usr/bin/docker") ? "/usr/bin/docker" : "docker")
    }

    /// Streams `docker save reference` through the archive reader.
    public func read(_ reference: String, reader: ImageArchiveReader) throws -> Image {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: client.hasPrefix("/") ? client : "/usr/bin/env")
        process.arguments = (client.hasPrefix("/") ? [] : [client]) + ["save", reference]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw ImageError.engine(
                "cannot run \(client): \(error.localizedDescription); set STAGECRAFT_DOCKER to the docker client")
        }
        let stream = FileStream(descriptor: output.fileHandleForReading.fileDescriptor)
        let result = Result { try reader.read(stream: stream, name: reference) }
        // Drain whatever is left so docker save can finish, then check how it ended.
        var sink = [UInt8](repeating: 0, count: 1 << 16)
        while (try? sink.withUnsafeMutableBytes { try stream.read(into: $0) }) ?? 0 > 0 {}
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if process.terminationStatus != 0 {
            throw ImageError.engine(
                "docker save \(reference) failed: \(message.isEmpty ? "exit \(process.terminationStatus)" : message)")
        }
        return try result.get()
    }
}
