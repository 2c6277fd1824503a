/// An image reference split into registry, repository, tag and digest, following the
/// distribution reference grammar (a first component with `.` or `:`, or `localhost`, is a registry).
/// See https://github.com/distribution/reference/blob/main/reference.go
public struct ImageReference: Sendable, Equatable {
    /// The registry host, or `docker.io` when none is written.
    public var registry: String
    /// Whether the registry was written out.
    public var explicitRegistry: Bool
    /// The repository path, e.g. `library/node` or `myorg/app`.
    public var repository: String
    /// The tag, if any.
    public var tag: String?
    /// The digest, if any.
    public var digest: String?

    public init(_ text: String) {
        var rest = Substring(text)
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        let slash = rest.firstIndex(of: "/")
        if let slash, rest[..<slash].contains(where: { $0 == "." || $0 == ":" }) || rest[..<slash] == "localhost" {
            registry = String(rest[..<slash])
            explicitRegistry = true
            rest = rest[rest.index(after: slash)...]
        } else {
            registry = "docker.io"
            explicitRegistry = false
        }
        if let colon = rest.lastIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        repository = String(rest)
    }

    /// The last path component (`node` for `docker.io/library/node`).
    public var name: String { repository.split(separator: "/").last.map(String.init) ?? repository }
}
