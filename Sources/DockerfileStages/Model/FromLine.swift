import DockerfileSyntax

/// What a `FROM [--platform=P] base [AS name]` line says, read the one way the stage graph and
/// lint both read it (they differ only in what they do with a malformed line: the graph rejects
/// it as BuildKit does, lint reads what it can and reports it).
public struct FromLine: Sendable, Equatable {
    /// The base as written, before expansion.
    public var base: String
    /// The `AS` name in lower case, as BuildKit compares stage names.
    public var name: String?
    /// The `AS` name as written.
    public var writtenName: String?
    /// The `--platform` value as written (the last one wins).
    public var platform: String?
    /// How many words follow FROM (1, or 3 with `AS name`, in a well-formed line).
    public var wordCount: Int

    public init(_ node: Node) {
        let words = node.next.map(\.value)
        base = words.first ?? ""
        wordCount = words.count
        if words.count >= 3, words[1].lowercased() == "as" {
            writtenName = words[2]
            name = words[2].lowercased()
        }
        platform = node.flags.last { $0.hasPrefix("--platform=") }.map { String($0.dropFirst("--platform=".count)) }
    }

    /// Whether the line has the shape BuildKit accepts: `base`, or `base AS name`.
    public var isWellFormed: Bool { wordCount == 1 || (wordCount == 3 && writtenName != nil) }
}

/// The global ARG scope, BuildKit's way: the predefined platform arguments, then each ARG before
/// the first FROM, where a `--build-arg` wins over the default, the default is expanded with the
/// globals declared so far, and a bare `ARG TARGETARCH` takes the platform's value. FROM lines
/// expand with it. The graph and lint both keep their globals here, so they expand FROM alike.
public struct GlobalArgScope: Sendable {
    /// The values FROM lines expand with.
    public private(set) var environment: EnvironmentList
    /// Each global ARG as declared, with the value it took.
    public private(set) var bindings: [ArgBinding] = []
    public let platform: PlatformArgs
    public let buildArgs: [String: String]

    public init(platform: PlatformArgs = PlatformArgs(), buildArgs: [String: String] = [:]) {
        self.platform = platform
        self.buildArgs = buildArgs
        environment = EnvironmentList()
        for (name, value) in platform.values { environment.set(name, value) }
    }

    /// Declares `name[=default]` at `line`; `expand` expands the default with the globals so far.
    @discardableResult
    public mutating func declare<E: Error>(
        _ name: String, defaultValue: String?, line: Int, expand: (String, EnvironmentList) throws(E) -> String
    ) throws(E) -> ArgBinding {
        let binding: ArgBinding
        if let value = buildArgs[name] {
            binding = ArgBinding(name: name, value: value, source: .buildArg, line: line)
        } else if let written = defaultValue {
            binding = ArgBinding(name: name, value: try expand(written, environment), source: .defaultValue, line: line)
        } else if let value = platform.value(of: name) {
            binding = ArgBinding(name: name, value: value, source: .platform, line: line)
        } else {
            binding = ArgBinding(name: name, value: nil, source: .unset, line: line)
        }
        if let value = binding.value { environment.set(name, value) }
        bindings.append(binding)
        return binding
    }

    /// The names BuildKit predefines (`BUILDPLATFORM` … `TARGETVARIANT`).
    public static let platformArgNames: Set<String> = Set(PlatformArgs().values.map(\.name))
}
