import StagecraftReporting
import TarArchive

/// Why an image cannot be read.
public enum ImageError: InputProblem, Sendable {
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

    public var position: SourcePosition {
        switch self {
        case .engine: SourcePosition()
        case .archive(let path, _), .layer(let path, _, _), .digestMismatch(let path, _, _, _), .missingBlob(let path, _),
            .badDigest(let path, _), .badJSON(let path, _, _), .noImage(let path, _), .platformNotFound(let path, _, _),
            .tooLarge(let path, _, _, _):
            SourcePosition(file: path)
        }
    }

    public var problem: String {
        switch self {
        case .archive(_, let error): "\(error)"
        case .layer(_, let layer, let error): "layer \(layer): \(error)"
        case .digestMismatch(_, let blob, let expected, let actual):
            "\(blob) does not match its digest (expected \(expected), content hashes to \(actual)); the archive is corrupt or was modified"
        case .missingBlob(_, let blob): "\(blob) is referenced but not in the archive"
        case .badDigest(_, let digest):
            "\(digest) is not a digest stagecraft can verify (sha256: and 64 hex digits); the image is damaged or not supported"
        case .badJSON(_, let document, let detail): "\(document) is not valid: \(detail)"
        case .noImage(_, let detail):
            "no image found (\(detail)); expected a docker save archive or an OCI layout"
        case .platformNotFound(_, let wanted, let available):
            "no image for platform \(wanted); the index has \(available.joined(separator: ", ")); choose one with --platform"
        case .engine(let message): message
        case .tooLarge(_, let layer, let limit, let scope):
            switch scope {
            case .layer:
                "layer \(layer) decompresses to more than \(limit) bytes, the limit for one layer; if the image is genuine, raise it with --max-layer-size"
            case .image:
                "the layers decompress to more than \(limit) bytes in all (at \(layer)), the limit for one image; if the image is genuine, raise it with --max-image-size"
            }
        }
    }
}
