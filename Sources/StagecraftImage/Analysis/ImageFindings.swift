/// Advice about an image: leftovers that should not ship, and risky configuration.
public struct ImageFindings: Sendable {
    public struct Finding: Sendable, Equatable {
        public enum Severity: String, Sendable { case warning, info }
        public var id: String
        public var severity: Severity
        public var message: String
        /// Bytes involved, when the finding is about files.
        public var bytes: Int
        public var advice: String
    }

    public var items: [Finding]

    /// What each kind of finding is about, for reports that describe their rules (SARIF).
    public static let summaries: [String: String] = [
        "package-cache": "Package-manager caches or package lists are left in the image.",
        "python-bytecode": "__pycache__ folders ship in the image.",
        "build-tools": "Compilers or build tools are in the final image.",
        "docs": "Documentation and man pages ship in the image.",
        "deleted-in-later-layer": "A large file written in one layer and deleted in a later one still ships.",
        "runs-as-root": "The image runs as root.",
        "no-healthcheck": "The image has no HEALTHCHECK.",
        "secret-in-env": "An Env variable of the image looks like a secret.",
        "shell-entrypoint": "The entrypoint runs through a shell, which does not forward signals.",
        "unsafe-paths": "Layer entries have absolute or `..` paths.",
    ]

    static let caches: [(prefix: String, what: String, advice: String)] = [
        (
            "var/cache/apt/", "apt's package cache",
            "use RUN --mount=type=cache,target=/var/cache/apt, or apt-get clean in the same RUN"
        ),
        (
            "var/lib/apt/lists/", "apt's package lists",
            "rm -rf /var/lib/apt/lists/* in the RUN that ran apt-get update, or a cache mount"
        ),
        ("root/.npm/", "npm's cache", "use RUN --mount=type=cache,target=/root/.npm, or npm cache clean --force"),
        ("root/.cache/pip/", "pip's cache", "pip install --no-cache-dir, or RUN --mount=type=cache,target=/root/.cache/pip"),
        ("var/cache/apk/", "apk's cache", "apk add --no-cache"),
        ("root/.cache/go-build/", "Go's build cache", "RUN --mount=type=cache,target=/root/.cache/go-build in a build stage"),
        ("usr/local/share/.cache/yarn/", "yarn's cache", "yarn cache clean, or a cache mount"),
    ]

    /// Build tools by path: a folder (ending in `/`), or a program and its `-suffixed` versions.
    static let buildTools = [
        "usr/bin/gcc", "usr/bin/g++", "usr/bin/cc", "usr/bin/c++", "usr/bin/make", "usr/bin/clang", "usr/bin/ld", "usr/bin/as",
        "usr/bin/cmake", "usr/lib/gcc/", "usr/libexec/gcc/",
    ]

    static let docFolders = ["usr/share/doc/", "usr/share/man/", "usr/share/info/"]

    public init(_ image: Image, _ analysis: ImageAnalysis) {
        var items: [Finding] = []
        let usage = analysis.usage
        for (cache, found) in zip(Self.caches, usage.caches) where found.count > 0 {
            items.append(
                Finding(
                    id: "package-cache", severity: .warning, message: "\(cache.what) is in the image: \(found.count) files",
                    bytes: found.bytes, advice: cache.advice))
        }
        if usage.pycache.count > 0 {
            items.append(
                Finding(
                    id: "python-bytecode", severity: .info, message: "__pycache__ folders: \(usage.pycache.count) files",
                    bytes: usage.pycache.bytes,
                    advice: "set PYTHONDONTWRITEBYTECODE=1 when installing, or remove __pycache__ in the same RUN"))
        }
        if usage.tools.count > 0 {
            items.append(
                Finding(
                    id: "build-tools", severity: .warning,
                    message: "compilers or build tools are in the final image (\(usage.tools.count) files)",
                    bytes: usage.tools.bytes, advice: "install them in a build stage and copy only the results"))
        }
        if usage.docs.bytes > 1 << 20 {
            items.append(
                Finding(
                    id: "docs", severity: .info, message: "documentation and man pages: \(usage.docs.count) files",
                    bytes: usage.docs.bytes,
                    advice: "remove /usr/share/doc, man and info in the install RUN, or use a slim base"))
        }
        for file in analysis.hidden where file.deleted && file.size >= 1 << 20 {
            items.append(
                Finding(
                    id: "deleted-in-later-layer", severity: .warning,
                    message:
                        "\(file.path) is written in layer \(file.writtenIn) and deleted in layer \(file.hiddenIn); it still ships",
                    bytes: file.size, advice: "create and delete it in the same RUN, or produce it in a build stage"))
        }
        let config = image.configuration.config
        let user = config?.User ?? ""
        let name = user.split(separator: ":").first.map(String.init) ?? ""
        if name.isEmpty || name == "root" || name == "0" {
            items.append(
                Finding(
                    id: "runs-as-root", severity: .warning,
                    message: "the image runs as root (User is \(user.isEmpty ? "unset" : user))", bytes: 0,
                    advice: "add USER 1000:1000 (a numeric, non-root user) at the end of the Dockerfile"))
        }
        let test = config?.Healthcheck?.Test ?? []
        if test.isEmpty || test == ["NONE"] {
            items.append(
                Finding(
                    id: "no-healthcheck", severity: .info, message: "the image has no HEALTHCHECK", bytes: 0,
                    advice: "add HEALTHCHECK CMD [...] so orchestrators can tell a hung process from a healthy one"))
        }
        for variable in config?.Env ?? [] {
            let key = String(variable.split(separator: "=", maxSplits: 1).first ?? "")
            let parts = Set(key.lowercased().split(separator: "_").map(String.init))
            let secret =
                !parts.isDisjoint(with: [
                    "password", "passwd", "secret", "token", "apikey", "key", "credentials", "credential", "auth",
                ])
                && parts.isDisjoint(with: ["public", "file", "version", "path"])
            if secret {
                items.append(
                    Finding(
                        id: "secret-in-env", severity: .warning,
                        message: "Env sets \(key), which looks like a secret; anyone who can pull the image can read it",
                        bytes: 0, advice: "pass it at run time, or mount it with RUN --mount=type=secret during the build"))
            }
        }
        if let entrypoint = config?.Entrypoint, entrypoint.count >= 2, ["/bin/sh", "sh", "/bin/bash"].contains(entrypoint[0]),
            entrypoint[1] == "-c"
        {
            items.append(
                Finding(
                    id: "shell-entrypoint", severity: .info,
                    message: "the entrypoint runs through \(entrypoint[0]) -c, which does not forward signals", bytes: 0,
                    advice: "write ENTRYPOINT in exec form: ENTRYPOINT [\"/app/server\"]"))
        }
        if !analysis.unsafePaths.isEmpty {
            items.append(
                Finding(
                    id: "unsafe-paths", severity: .warning,
                    message:
                        "\(analysis.unsafePaths.count) layer entries have absolute or `..` paths (first: \(analysis.unsafePaths[0]))",
                    bytes: 0, advice: "rebuild the image; these entries were kept inside the image root"))
        }
        self.items = items
    }
}
