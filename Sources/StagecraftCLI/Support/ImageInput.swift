import Foundation
import StagecraftImage
import StagecraftSBOM

/// What `inspect` and `sbom` accept as IMAGE: a path (an archive or an OCI layout folder), else the
/// name of an image in the local engine.
enum ImageInput {
    static func load(_ image: String, reader: ImageArchiveReader) throws -> Image {
        do {
            if FileManager.default.fileExists(atPath: image) { return try reader.read(path: image) }
            // A path, not an image reference: say it is missing rather than ask the engine.
            if image.hasPrefix("/") || image.hasPrefix("./") || image.hasPrefix("../") || image.hasSuffix(".tar")
                || image.hasSuffix(".tar.gz")
            {
                throw CommandFailure("error: \(image): no such archive or OCI layout; give a file, a folder or an image name")
            }
            return try EngineSource().read(image, reader: reader)
        } catch let error as ImageError {
            throw CommandFailure(error)
        }
    }

    /// Whether `path` is a plain folder (a build context) rather than an OCI layout.
    static func isBuildContext(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return false }
        return !FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("oci-layout"))
    }

    /// The packages of an image, or those a build context folder's lock files pin.
    static func catalog(_ image: String, platform: String) throws -> ImageCatalog {
        if isBuildContext(image) { return try ImageCatalog(folder: image) }
        return ImageCatalog(try load(image, reader: ImageArchiveReader(platform: platform, capture: ImageCatalog.capture)))
    }
}
