import TarArchive

/// Why an image cannot be read.
public enum ImageError: Error, Sendable, CustomStringConvertible {
    case archive(path: String, TarError)
    case layer(path: String, layer: String, TarError)
    case digestMismatch(path: String, blob: String, expected: String, actual: String)
    case missingBlob(path: String, blob: String)
    case badDigest(path: String, digest: String)
    case badJSON(path: String, document: String, detail: String)
    case noImage(path: String, detail: String)
    case platformNotFound(path: String, wanted: String, available: [String])
    case engine(String)
    /// A layer decompressed past a limit (``ImageArchiveReader/Limits``).
    case tooLarge(path: String, layer: String, limit: Int, scope: ImageArchiveReader.Limits.Scope)

    public var description: String {
        switch self {
        case .archive(let path, let error): "\(path): error: \(error)"
        case .layer(let path, let layer, let error): "\(path): error: layer \(layer): \(error)"
        case .digestMismatch(let path, let blob, let expected, let actual):
            "\(path): error: \(blob) does not match its digest (expected \(expected), content hashes to \(actual)); the archive is corrupt or was modified"
        case .missingBlob(let path, let blob): "\(path): error: \(blob) is referenced but not in the archive"
        case .badDigest(let path, let digest):
            "\(path): error: \(digest) is not a digest stagecraft can verify (sha256: and 64 hex digits); the image is damaged or not supported"
        case .badJSON(let path, let document, let detail): "\(path): error: \(document) is not valid: \(detail)"
        case .noImage(let path, let detail):
            "\(path): error: no image found (\(detail)); expected a docker save archive or an OCI layout"
        case .platformNotFound(let path, let wanted, let available):
            "\(path): error: no image for platform \(wanted); the index has \(available.joined(separator: ", ")); choose one with --platform"
        case .engine(let message): "error: \(message)"
        case .tooLarge(let path, let layer, let limit, let scope):
            switch scope {
            case .layer:
                "\(path): error: layer \(layer) decompresses to more than \(limit) bytes, the limit for one layer; if the image is genuine, raise it with --max-layer-size"
            case .image:
                "\(path): error: the layers decompress to more than \(limit) bytes in all (at \(layer)), the limit for one image; if the image is genuine, raise it with --max-image-size"
            }
        }
    }
}
