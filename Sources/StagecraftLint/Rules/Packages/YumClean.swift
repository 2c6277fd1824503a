import DockerfileSyntax

struct YumClean: Rule {
    static let description = rpmRuleDescription(
        "yum-clean", "DL3032", .warning, "Run yum clean all in the same RUN as yum install.",
        "yum's metadata and package cache otherwise stay in the layer.",
        trivy: "DS-0015", "yum install -y httpd-2.4.57", "yum install -y httpd-2.4.57 && yum clean all")
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let script = run.script
            let used = !installs(script, "yum").isEmpty
            let cleaned = script.commands(named: "yum").contains { $0.positional.starts(with: ["clean", "all"]) }
            return used && !cleaned && !run.hasCacheMount(under: "/var/cache/yum") ? Violation(run.node) : nil
        }
    }
}
