import DockerfileSyntax

struct ExposeSSH: Rule {
    static let description = RuleDescription(
        id: "expose-ssh", aliases: [.trivy("DS-0004")], severity: .warning, category: .security,
        summary: "Do not expose port 22.",
        rationale: "An SSH daemon in a container is an extra way in that bypasses `docker exec` and its audit trail.",
        examples: [.triggering("FROM debian:12\n↓EXPOSE 22\n"), .passing("FROM debian:12\nEXPOSE 8080\n")])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { $0.instructions("expose") }.compactMap { node in
            node.next.map(\.value).contains { ($0.split(separator: "/").first.map(String.init) ?? $0) == "22" }
                ? Violation(node) : nil
        }
    }
}

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

struct WorkdirSystemFolder: Rule {
    static let description = RuleDescription(
        id: "workdir-system-folder", aliases: [.trivy("DS-0030")], severity: .warning, category: .correctness,
        summary: "Do not use a system folder (/proc, /boot, /dev, /initrd, /lost+found) as WORKDIR.",
        rationale: "These folders are managed by the kernel or runtime; files written there vanish or break the container.",
        examples: [.triggering("FROM debian:12\n↓WORKDIR /proc/app\n"), .passing("FROM debian:12\nWORKDIR /srv/app\n")])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { $0.instructions("workdir") }.compactMap { node in
            let path = node.next.first?.value ?? ""
            return ["/proc", "/boot", "/dev", "/initrd", "/lost+found"].contains { path == $0 || path.hasPrefix($0 + "/") }
                ? Violation(node) : nil
        }
    }
}
