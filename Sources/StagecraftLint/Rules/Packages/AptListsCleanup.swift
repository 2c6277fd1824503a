import DockerfileSyntax

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
