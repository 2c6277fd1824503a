import DockerfileSyntax

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
