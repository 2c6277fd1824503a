import DockerfileSyntax

/// Packages of an `apk add`, without flags and the values of `-t/--virtual`, `-X/--repository`.
func apkPackages(_ command: ShellScript.Command) -> [String] {
    guard let arguments = command.arguments(after: "add") else { return [] }
    var packages: [String] = []
    var skipNext = false
    for argument in arguments {
        if skipNext {
            skipNext = false
            continue
        }
        if ["-t", "--virtual", "-X", "--repository"].contains(argument) {
            skipNext = true
            continue
        }
        if !argument.hasPrefix("-") { packages.append(argument) }
    }
    return packages
}

struct ApkPinVersions: Rule {
    static let description = RuleDescription(
        id: "apk-pin-versions",
        aliases: [.hadolint("DL3018")],
        severity: .warning, category: .packages,
        summary: "Pin versions in apk add.",
        rationale: "Unpinned packages change between builds. Use `pkg=version`, or `pkg~version` to allow patch updates.",
        examples: [
            .triggering("FROM alpine:3.20\n↓RUN apk add --no-cache curl\n"),
            .passing("FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.0-r0 git~2.45\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let unpinned = run.script.commands(named: "apk").flatMap(apkPackages).filter {
                !$0.contains("=") && !$0.contains("~")
            }
            return unpinned.isEmpty
                ? nil : Violation(run.node, "pin versions: \(unpinned.map { "\($0)=<version>" }.joined(separator: " "))")
        }
    }
}

struct ApkNoCache: Rule {
    static let description = RuleDescription(
        id: "apk-no-cache",
        aliases: [.hadolint("DL3019"), .trivy("DS-0025")],
        severity: .info, category: .packages,
        summary: "Use apk add --no-cache, or a cache mount on /var/cache/apk.",
        rationale: "The package index stays in the layer otherwise; --no-cache skips it and `apk update` is then unnecessary.",
        examples: [
            .triggering("FROM alpine:3.20\n↓RUN apk add curl=8.9.0-r0\n"),
            .passing(
                "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.0-r0\nRUN --mount=type=cache,target=/var/cache/apk apk add git=2.45.2-r0\n"
            ),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let missing = run.script.commands(named: "apk").contains { $0.has("add") && !$0.has("--no-cache") }
            guard missing, !run.hasCacheMount(endingWith: "/var/cache/apk"), context.shippedStages.contains(run.stage.index)
            else { return nil }
            return Violation(
                run.node, fix: context.insert(" --no-cache", after: "apk add", in: run.node, title: "add --no-cache"))
        }
    }
}
