import DockerfileSyntax

struct ZypperPinVersions: Rule {
    static let description = RuleDescription(
        id: "zypper-pin-versions", aliases: [.hadolint("DL3037")], severity: .warning, category: .packages,
        summary: "Pin versions in zypper install.",
        rationale: "Unpinned packages change between builds.",
        examples: [
            .triggering("FROM opensuse/leap:15.6\n↓RUN zypper -n install httpd && zypper clean\n"),
            .passing("FROM opensuse/leap:15.6\nRUN zypper -n install httpd=2.4.58 && zypper clean\n"),
        ])
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let unpinned = installs(run.script, "zypper", subcommands: ["install", "in"]).flatMap { command in
                packages(command, dropping: ["install", "in"]).filter { package in
                    !(["=", ">=", ">", "<=", "<"].contains { package.contains($0) } || package.hasSuffix(".rpm"))
                }
            }
            return unpinned.isEmpty ? nil : Violation(run.node, "pin versions: \(unpinned.joined(separator: " "))")
        }
    }
}
