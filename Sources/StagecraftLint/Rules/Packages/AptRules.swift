import DockerfileSyntax

/// `apt-get install` commands of a script, as hadolint finds them.
func aptGetInstalls(_ script: ShellScript) -> [ShellScript.Command] {
    script.commands(named: "apt-get").filter { $0.has("install") }
}

/// Packages of an `apt-get install`: non-flag words except `install` and the value of `-t`.
func aptPackages(_ command: ShellScript.Command) -> [String] {
    var packages: [String] = []
    var skipNext = false
    for argument in command.arguments {
        if skipNext {
            skipNext = false
            continue
        }
        if argument == "-t" || argument == "--target-release" {
            skipNext = true
            continue
        }
        if argument.hasPrefix("-") || argument == "install" { continue }
        packages.append(argument)
    }
    return packages
}

struct AptPinVersions: Rule {
    static let description = RuleDescription(
        id: "apt-pin-versions",
        aliases: [.hadolint("DL3008")],
        severity: .warning, category: .packages,
        summary: "Pin versions in apt-get install.",
        rationale:
            "Unpinned packages change between builds, so a rebuild can break or change behaviour without any change to the Dockerfile.",
        examples: [
            .triggering("FROM debian:12\n↓RUN apt-get install -y --no-install-recommends curl\n"),
            .passing("FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10 ./local.deb\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let unpinned = aptGetInstalls(run.script).flatMap(aptPackages).filter { !$0.contains("=") && !$0.hasSuffix(".deb") }
            return unpinned.isEmpty
                ? nil : Violation(run.node, "pin versions: \(unpinned.map { "\($0)=<version>" }.joined(separator: " "))")
        }
    }
}

struct AptAssumeYes: Rule {
    static let description = RuleDescription(
        id: "apt-get-assume-yes",
        aliases: [.hadolint("DL3014"), .trivy("DS-0021")],
        severity: .warning, category: .packages,
        summary: "Use apt-get install -y so the build never waits for input.",
        rationale: "Without -y, apt-get asks for confirmation; with no terminal the build fails or hangs.",
        examples: [
            .triggering("FROM debian:12\n↓RUN apt-get install --no-install-recommends curl=7.88.1-10\n"),
            .passing("FROM debian:12\nRUN apt-get install -qy --no-install-recommends curl=7.88.1-10\n"),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let missing = aptGetInstalls(run.script).contains { command in
                let quiet = command.arguments.filter { $0 == "-q" }.count >= 2 || command.has("-qq", "-q=2")
                return !(command.hasFlag(short: "y", long: ["yes", "assume-yes"]) || quiet)
            }
            guard missing else { return nil }
            return Violation(run.node, fix: context.insert(" -y", after: "apt-get install", in: run.node, title: "add -y"))
        }
    }
}

struct AptNoInstallRecommends: Rule {
    static let description = RuleDescription(
        id: "apt-get-no-install-recommends",
        aliases: [.hadolint("DL3015"), .trivy("DS-0029")],
        severity: .info, category: .packages,
        summary: "Use --no-install-recommends with apt-get install.",
        rationale: "Recommended packages are rarely needed in an image and often double its size.",
        examples: [
            .triggering("FROM debian:12\n↓RUN apt-get install -y curl=7.88.1-10\n"),
            .passing("FROM debian:12\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10\n"),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let missing = aptGetInstalls(run.script).contains { command in
                !command.has("--no-install-recommends")
                    && !command.arguments.contains { $0.contains("APT::Install-Recommends=false") }
            }
            guard missing else { return nil }
            return Violation(
                run.node,
                fix: context.insert(
                    " --no-install-recommends", after: "apt-get install", in: run.node, title: "add --no-install-recommends"))
        }
    }
}

struct AptListsCleanup: Rule {
    static let description = RuleDescription(
        id: "apt-lists-cleanup",
        aliases: [.hadolint("DL3009")],
        severity: .info, category: .packages,
        summary: "Delete /var/lib/apt/lists in the same RUN as apt-get update, or use a cache mount.",
        rationale:
            "The package lists add tens of megabytes to the layer and go stale; removing them in a later RUN does not shrink the image.",
        examples: [
            .triggering("FROM debian:12\n↓RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10\n"),
            .passing(
                "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*\n"
            ),
            .passing("FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        let shipped = context.shippedStages
        return context.runs().compactMap { run in
            guard shipped.contains(run.stage.index) else { return nil }
            let script = run.script
            let updates = script.commands(named: "apt-get").contains { $0.has("update") }
            let cleans = script.commands(named: "rm").contains { $0.has("-rf") && $0.has("/var/lib/apt/lists/*") }
            let mounted =
                run.hasCacheMount(under: "/var/lib/apt/lists")
                || (run.hasCacheMount(under: "/var/lib/apt") && run.hasCacheMount(under: "/var/cache/apt"))
            guard updates, !cleans, !mounted else { return nil }
            return Violation(
                run.node,
                suggestion: "append `&& rm -rf /var/lib/apt/lists/*`, or use RUN --mount=type=cache,target=/var/lib/apt/lists")
        }
    }
}

struct AptGetNotApt: Rule {
    static let description = RuleDescription(
        id: "apt-get-not-apt",
        aliases: [.hadolint("DL3027")],
        severity: .warning, category: .packages,
        summary: "Use apt-get or apt-cache in scripts, not apt.",
        rationale: "apt is for people; its output and options are not stable for scripts and it warns about that.",
        examples: [
            .triggering("FROM debian:12\n↓RUN apt install curl\n"), .passing("FROM debian:12\nRUN apt-get install -y curl\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { $0.script.runs("apt") ? Violation($0.node) : nil }
    }
}
