import StagecraftReporting

/// A compose project: its services as the compose specification describes them.
/// See https://github.com/compose-spec/compose-spec/blob/main/spec.md
public struct ComposeProject: Sendable {
    /// The compose files, in the order given.
    public var files: [String]
    /// The folder relative paths resolve against (the first file's folder).
    public var directory: String
    /// The services in file order.
    public var services: [ComposeService]
    /// The project name: the top-level `name`, else the folder's name, normalized as compose does
    /// (lower case; letters, digits, `-` and `_`).
    public var name: String = ""
    /// Whether `name` came from a `name:` key (a later file's then wins in a merge).
    var nameIsExplicit = false
    /// What compose would accept but is likely a mistake (an unknown key), for lint to report.
    public var warnings: [ComposeWarning] = []
    /// Files read through `include:` or `extends: {file:}`, besides `files`.
    public var includedFiles: [String] = []
    /// Top-level `secrets:`: each name's source, a file (resolved) or an environment variable.
    public var secrets: [String: ComposeSecret] = [:]

    /// The service named `name`.
    public func service(_ name: String) -> ComposeService? { services.first { $0.name == name } }
}

/// Where a value was written, for messages.
public struct SourceLocation: Sendable, Equatable, Hashable {
    public var file: String
    public var line: Int
    public var keyPath: String
}

/// One service.
public struct ComposeService: Sendable {
    public var name: String
    public var location: SourceLocation
    public var build: ComposeBuild?
    public var image: String?
    public var healthcheck: ComposeHealthcheck?
    public var profiles: [String]
    public var dependsOn: [ComposeDependency]
    public var ports: [String]
    public var environment: [String: String]
    /// Keys this file tagged `!reset` or `!override`, for a merge onto an earlier file.
    var mergeTags: [String: MergeTag] = [:]
    /// `extends:` as written, resolved by the loader.
    var extends: ExtendsReference?
}

/// `extends: base` or `extends: {service: base, file: other.yaml}`.
struct ExtendsReference: Sendable {
    var service: String
    var file: String?
    var location: SourceLocation
}

/// Something compose accepts that is likely a mistake.
public struct ComposeWarning: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A key the compose specification does not define.
        case unknownKey
        /// `${NAME:?error}` with NAME unset: compose would stop; the value is read as empty.
        case missingVariable
    }

    public var kind: Kind = .unknownKey
    public var location: SourceLocation
    public var message: String
}

/// `!reset` and `!override` on a key of a later compose file (compose-spec `13-merge.md`): reset
/// the key to its default, or replace the earlier value instead of merging with it.
enum MergeTag: Sendable {
    case reset, override
}

extension ComposeService {
    /// Whether the service runs with these profiles active, as compose decides: a service with no
    /// profiles always does, `*` activates every profile.
    public func isActive(profiles active: [String]) -> Bool {
        profiles.isEmpty || active.contains("*") || !Set(profiles).isDisjoint(with: active)
    }
}

/// `build:` of a service.
public struct ComposeBuild: Sendable {
    /// The context as written, after interpolation.
    public var context: String
    public var contextLocation: SourceLocation
    /// The Dockerfile, relative to the context; `Dockerfile` when not given.
    public var dockerfile: String
    public var dockerfileLocation: SourceLocation?
    public var target: String?
    public var targetLocation: SourceLocation?
    public var args: [String: String]
    public var cacheFrom: [(value: String, location: SourceLocation)]
    public var cacheTo: [String]
    public var tags: [String]
    public var labels: [String: String]
    /// `additional_contexts`: named contexts for `COPY --from=<name>` and `FROM <name>`.
    public var additionalContexts: [String: String] = [:]
    /// `secrets:`: the project secrets the build may mount (`RUN --mount=type=secret,id=NAME`).
    public var secrets: [String] = []
    /// The keys the file wrote (`context`, `dockerfile`, `target`…), so a merge knows what an
    /// override sets and what it leaves to the base.
    public var explicitKeys: Set<String> = []
    /// Keys this file tagged `!reset` or `!override`, for a merge onto an earlier file.
    var mergeTags: [String: MergeTag] = [:]
}

/// `healthcheck:` of a service.
public struct ComposeHealthcheck: Sendable {
    public var test: [String]
    public var disabled: Bool
    public var interval: String?
    public var timeout: String?
    public var retries: Int?
    public var startPeriod: String?
    public var location: SourceLocation
    /// The line of `test:`.
    public var testLine: Int?
}

/// One entry of `depends_on:`.
public struct ComposeDependency: Sendable {
    public var service: String
    /// `service_started` (default), `service_healthy` or `service_completed_successfully`.
    public var condition: String
    public var location: SourceLocation
    /// `required: false` lets compose start the dependent without this service.
    public var required = true
}

/// A compose file that cannot be used: the file, line and key path, and what is wrong.
public struct ComposeError: InputProblem, Sendable {
    public var location: SourceLocation
    public var message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var position: SourcePosition { SourcePosition(file: location.file, line: location.line) }
    public var problem: String { "\(location.keyPath): \(message)" }
}

/// Where a project secret comes from.
public enum ComposeSecret: Sendable, Equatable {
    case file(String)
    case environment(String)
}
