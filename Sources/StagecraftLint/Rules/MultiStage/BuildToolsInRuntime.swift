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
