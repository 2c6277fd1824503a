import DockerfileSyntax

struct PipNoCacheDir: Rule {
    static let description = RuleDescription(
        id: "pip-no-cache-dir",
        aliases: [.hadolint("DL3042")],
        severity: .warning, category: .packages,
        summary: "Use pip install --no-cache-dir, PIP_NO_CACHE_DIR, or a cache mount on /root/.cache/pip.",
        rationale:
            "pip's download cache ends up in the layer: megabytes of wheels that are never used again. Only stages whose layers ship are checked: a build stage's cache is left behind with the stage.",
        examples: [
            .triggering("FROM python:3.12-slim\n↓RUN pip install flask==3.0.3\n"),
            .passing(
                "FROM python:3.12 AS build\nRUN pip install --prefix=/install flask==3.0.3\nFROM python:3.12-slim\nCOPY --from=build /install /usr/local\n"
            ),
            .passing("FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0.3\n"),
            .passing("FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3\n"),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        // The first line of each stage that sets PIP_NO_CACHE_DIR with ENV.
        var envLine: [Int: Int] = [:]
        for stage in context.document.stages {
            let node = stage.instructions.first { $0.command == "env" && $0.next.contains { $0.value == "PIP_NO_CACHE_DIR" } }
            if let node { envLine[stage.index] = node.startLine }
        }
        return context.runs().compactMap { run in
            let envSet = envLine[run.stage.index].map { $0 < run.node.startLine } ?? false
            let missing = pipInstalls(run.script).contains { command in
                !command.has("--no-cache-dir") && !command.assignments.contains { $0.hasPrefix("PIP_NO_CACHE_DIR=") }
            }
            guard missing, !envSet, !run.hasCacheMount(endingWith: ".cache/pip"), context.shippedStages.contains(run.stage.index)
            else { return nil }
            let fix =
                context.insert(" --no-cache-dir", after: "pip install", in: run.node, title: "add --no-cache-dir")
                ?? context.insert(" --no-cache-dir", after: "pip3 install", in: run.node, title: "add --no-cache-dir")
            return Violation(run.node, fix: fix)
        }
    }
}
