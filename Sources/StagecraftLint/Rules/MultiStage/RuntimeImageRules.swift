import DockerfileSyntax

/// Packages installed by apt-get, apk, yum, dnf and microdnf in a stage's RUNs.
func installedPackages(_ stage: LintStage, _ context: RuleContext) -> [(node: Node, package: String)] {
    context.runs(inStage: stage.index, onbuild: false).flatMap { run in
        run.script.commands.flatMap { command -> [(Node, String)] in
            let packages: [String]
            switch command.name {
            case "apt-get", "apt": packages = command.has("install") ? aptPackages(command) : []
            case "apk": packages = apkPackages(command)
            case "yum", "dnf", "microdnf": packages = command.has("install") ? command.positional.filter { $0 != "install" } : []
            default: packages = []
            }
            return packages.map { (run.node, $0) }
        }
    }
}

struct BuildToolsInRuntime: Rule {
    static let description = RuleDescription(
        id: "build-tools-in-runtime",
        severity: .warning, category: .multiStage,
        summary: "Install compilers and build tools in a build stage, not in the stage that becomes the image.",
        rationale:
            "gcc, make, headers and friends add hundreds of megabytes and attack surface to an image that only needs the build's output.",
        examples: [
            .triggering(
                "FROM python:3.12-slim\n↓RUN apt-get update && apt-get install -y --no-install-recommends build-essential=12.9 && rm -rf /var/lib/apt/lists/*\n"
            ),
            .passing(
                "FROM python:3.12-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential=12.9\nFROM python:3.12-slim\nCOPY --from=build /app /app\n"
            ),
        ])

    static let tools: Set<String> = [
        "build-essential", "gcc", "g++", "make", "cmake", "clang", "llvm", "autoconf", "automake", "libtool", "pkg-config",
        "pkgconf", "musl-dev", "linux-headers", "gcc-c++", "python3-dev", "python-dev", "cargo", "rust", "golang", "go",
        "nasm", "yasm", "bison", "flex", "ninja-build", "meson",
    ]

    static func isBuildTool(_ package: String) -> Bool {
        let name = String(package.split(whereSeparator: { $0 == "=" || $0 == "~" }).first ?? Substring(package))
        return tools.contains(name) || name.hasSuffix("-dev") || name.hasSuffix("-devel")
    }

    func check(_ context: RuleContext) -> [Violation] {
        context.targetStages.flatMap { stage in
            var byNode: [Int: (Node, [String])] = [:]
            for (node, package) in installedPackages(stage, context) where Self.isBuildTool(package) {
                byNode[node.startLine, default: (node, [])].1.append(package)
            }
            return byNode.values.sorted { $0.0.startLine < $1.0.startLine }.map { node, packages in
                Violation(
                    node,
                    "\(stage.displayName) installs build tools (\(packages.joined(separator: ", "))); install them in a build stage and COPY --from it"
                )
            }
        }
    }
}

struct MinimalRuntimeBase: Rule {
    static let description = RuleDescription(
        id: "runtime-base-minimal",
        severity: .info, category: .multiStage,
        summary: "When a build stage exists, base the image on a minimal variant (slim, alpine, distroless, scratch).",
        rationale: "The point of a build stage is a small runtime image; a full distribution base undoes most of the saving.",
        examples: [
            .triggering("FROM node:22 AS build\nRUN npm ci\n↓FROM node:22\nCOPY --from=build /app /app\n"),
            .passing("FROM node:22 AS build\nRUN npm ci\nFROM node:22-slim\nCOPY --from=build /app /app\n"),
        ])

    static let minimalMarkers = [
        "slim", "alpine", "distroless", "busybox", "scratch", "chainguard", "minimal", "micro", "ubi-minimal", "wolfi", "static",
    ]

    func check(_ context: RuleContext) -> [Violation] {
        guard context.document.stages.count > 1 else { return [] }
        return context.targetStages.compactMap { stage in
            guard let root = context.lineage(of: stage).last, let image = pulledImage(root) else { return nil }
            guard !Self.minimalMarkers.contains(where: { image.lowercased().contains($0) }) else { return nil }
            return Violation(
                stage.from,
                "\(stage.displayName) is based on \(image); a -slim, -alpine or distroless variant is usually enough at runtime"
            )
        }
    }
}

struct RuntimeHealthcheck: Rule {
    /// Off by default, as in hadolint: most images are run by an orchestrator with its own probe,
    /// and compose projects get compose-healthcheck-missing, which sees both places.
    static let enabledByDefault = false

    static let description = RuleDescription(
        id: "runtime-healthcheck",
        aliases: [.hadolint("DL3057"), .trivy("DS-0026")],
        severity: .info, category: .multiStage,
        summary: "Give the stage a target builds a HEALTHCHECK.",
        rationale:
            "Without one, Docker and compose report the container healthy as soon as it starts, and depends_on: service_healthy cannot wait for it.",
        examples: [
            .triggering("↓FROM nginx:1.27-alpine\nCOPY site /usr/share/nginx/html\n"),
            .passing("FROM nginx:1.27-alpine\nHEALTHCHECK CMD [\"wget\", \"-q\", \"-O-\", \"http://localhost/\"]\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.targetStages.compactMap { stage in
            let declared = context.lineage(of: stage).contains { !$0.instructions("healthcheck").isEmpty }
            return declared ? nil : Violation(stage.from, "\(stage.displayName) has no HEALTHCHECK")
        }
    }
}
