import DockerfileSyntax

struct PackageUpdateAlone: Rule {
    static let description = RuleDescription(
        id: "package-update-alone", aliases: [.trivy("DS-0017")], severity: .warning, category: .packages,
        summary: "Run the package index update in the same RUN as the install.",
        rationale: "A cached `apt-get update` layer goes stale: later installs use old indexes and fail or get old packages.",
        examples: [
            .triggering("FROM debian:12\n↓RUN apt-get update\nRUN apt-get install -y --no-install-recommends curl=7.88.1-10\n"),
            .passing("FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let script = run.script
            let updates = script.commands.contains {
                ["apt-get", "apt", "yum", "dnf", "apk", "zypper"].contains($0.name) && $0.has("update", "refresh")
            }
            let installs = script.commands.contains {
                ["apt-get", "apt", "yum", "dnf", "apk", "zypper"].contains($0.name) && $0.has("install", "add", "in", "upgrade")
            }
            return updates && !installs ? Violation(run.node) : nil
        }
    }
}
