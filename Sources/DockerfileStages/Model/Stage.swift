import DockerfileSyntax

/// One build stage: a `FROM` and the instructions up to the next `FROM`.
/// See https://docs.docker.com/build/building/multi-stage/
public struct Stage: Sendable, Equatable {
    /// The stage's position, 0-based, as `COPY --from=<index>` counts it.
    public var index: Int
    /// The `AS` name in lower case, as BuildKit compares stage names.
    public var name: String?
    /// The base as written in `FROM`.
    public var baseWritten: String
    /// The base after global-ARG expansion.
    public var baseExpanded: String
    /// What the base resolves to.
    public var base: StageReference
    /// The `--platform` value after expansion, if any.
    public var platform: String?
    /// The `FROM` line.
    public var startLine: Int
    /// The last line of the stage's last instruction.
    public var endLine: Int
    /// The stage's instructions after `FROM`.
    public var instructions: [Node]
    /// Build arguments declared in the stage, with their resolved values (nil when unset).
    public var args: [ArgBinding]
    /// Every reference to another stage or an image, `FROM` included.
    public var dependencies: [StageDependency]

    /// The name if there is one, else the index.
    public var displayName: String { name ?? String(index) }
}

/// What a `FROM`, `COPY --from` or `RUN --mount=from=` points at.
public enum StageReference: Sendable, Equatable, Hashable {
    /// An earlier (or, for `--from`, any) stage by index.
    case stage(Int)
    /// An image from a registry or the local engine.
    case image(String)
    /// The empty base image.
    case scratch
}

/// An edge of the stage graph.
public struct StageDependency: Sendable, Equatable {
    /// Which instruction made the reference.
    public enum Kind: String, Sendable, Equatable, Codable {
        case from = "FROM"
        case copyFrom = "COPY --from"
        case addFrom = "ADD --from"
        case mountFrom = "RUN --mount"
    }

    /// The instruction kind.
    public var kind: Kind
    /// What it refers to.
    public var target: StageReference
    /// The value as written.
    public var written: String
    /// The line of the instruction.
    public var line: Int
}

/// A build argument in scope, and where its value came from.
public struct ArgBinding: Sendable, Equatable {
    /// Where the value came from.
    public enum Source: String, Sendable, Equatable, Codable {
        case buildArg = "build-arg"
        case defaultValue = "default"
        case global = "global"
        case platform = "platform"
        case unset = "unset"
    }

    /// The name.
    public var name: String
    /// The value, or nil when the ARG has no value.
    public var value: String?
    /// Where the value came from.
    public var source: Source
    /// The ARG line.
    public var line: Int
}
