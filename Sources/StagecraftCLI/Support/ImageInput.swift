import Foundation
import StagecraftImage

/// What `inspect` and `sbom` accept as IMAGE: a path (an archive or an OCI layout folder), else the
/// name of an image in the local engine.
enum ImageInput {
    static func load(_ image: String, reader: ImageArchiveReader) throws -> Image {
        do {
            if FileManager.default.fileExists(atPath: image) { return try reader.read(path: image) }
            return try EngineSource().read(image, reader: reader)
        } catch let error as ImageError {
            throw CommandFailure(error)
        }
    }
}
