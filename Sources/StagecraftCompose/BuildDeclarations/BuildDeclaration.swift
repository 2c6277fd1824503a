/// A build some file of the project declares outside compose: a `docker-bake.hcl` or
/// `docker-bake.json` target, or a `docker build` / `docker buildx build` command in a shell
/// script, a Makefile or a GitHub workflow. Paths are as the declaring file resolves them,
/// relative to the folder the build runs in (``workingDirectory``).
public struct BuildDeclaration: Sendable, Equatable {
    /// Where it is written.
    public var location: SourceLocation
    /// The folder the command or bake runs in, relative paths resolve against it.
    public var workingDirectory: String
    /// The build context as written.
    public var context: String
    /// The Dockerfile as written (relative to the working directory for a command, to the
    /// context for bake); nil means `Dockerfile` in the context.
    public var dockerfile: String?
    public var target: String?
    public var tags: [String] = []
    public var args: [String: String] = [:]
    /// Named contexts: bake's `contexts`, `--build-context name=path`.
    public var namedContexts: [String: String] = [:]
    /// What declares it: `bake target app`, `docker build`.
    public var origin: String

    /// The context, resolved.
    public var contextPath: String {
        ComposeLoader.joined(workingDirectory, context)
    }

    /// The Dockerfile, resolved: a command's `-f` is relative to where it runs, bake's
    /// `dockerfile` to the context.
    public var dockerfilePath: String {
        guard let dockerfile else { return ComposeLoader.joined(contextPath, "Dockerfile") }
        if dockerfile.hasPrefix("/") { return dockerfile }
        return ComposeLoader.joined(origin.hasPrefix("bake") ? contextPath : workingDirectory, dockerfile)
    }

    /// Whether the context is a path here (not a URL, a git remote or standard input).
    public var hasLocalContext: Bool {
        !(context == "-" || context.contains("://") || context.hasPrefix("git@") || context.contains("$"))
    }
}
