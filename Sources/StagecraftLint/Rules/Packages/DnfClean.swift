import DockerfileSyntax

struct DnfClean: Rule {
    static let description = rpmRuleDescription(
        "dnf-clean", "DL3040", .warning, "Run dnf clean all in the same RUN as dnf install.",
        "dnf's metadata and package cache otherwise stay in the layer.",
        trivy: "DS-0019", "dnf install -y httpd-2.4.57", "dnf install -y httpd-2.4.57 && dnf clean all")
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let script = run.script
            let tools = ["dnf", "microdnf"].filter { !installs(script, $0).isEmpty }
            guard !tools.isEmpty else { return nil }
            let cleaned = tools.allSatisfy { tool in
                script.commands(named: tool).contains { $0.positional.starts(with: ["clean", "all"]) }
            }
            return cleaned || run.hasCacheMount(under: "/var/cache/dnf") ? nil : Violation(run.node)
        }
    }
}
