/// Why an archive cannot be read.
public enum TarError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The archive ends inside a header or an entry's content.
    case truncated(offset: Int, detail: String)
    /// A header's checksum does not match its bytes.
    case badChecksum(offset: Int, expected: Int, actual: Int)
    /// A numeric header field cannot be read.
    case badField(offset: Int, field: String)
    /// A PAX record is malformed.
    case badPAX(offset: Int, detail: String)
    /// Reading the underlying file, pipe or decompressor failed.
    case io(String)

    public var description: String {
        switch self {
        case .truncated(let offset, let detail): "truncated archive at byte \(offset): \(detail)"
        case .badChecksum(let offset, let expected, let actual):
            "bad header checksum at byte \(offset) (header says \(expected), bytes sum to \(actual)); the archive is corrupt"
        case .badField(let offset, let field): "unreadable \(field) field in the header at byte \(offset); the archive is corrupt"
        case .badPAX(let offset, let detail): "malformed PAX header at byte \(offset): \(detail)"
        case .io(let message): message
        }
    }
}
