import DockerfileSyntax

struct YumAssumeYes: Rule {
    static let description = rpmRuleDescription(
        "yum-assume-yes", "DL3030", .warning, "Use yum install -y.",
        "Without -y, yum asks for confirmation and the build fails without a terminal.",
        "yum install httpd-2.4.57 && yum clean all", "yum install -y httpd-2.4.57 && yum clean all")
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            installs(run.script, "yum").contains { !$0.hasFlag(short: "y", long: ["assumeyes"]) } ? Violation(run.node) : nil
        }
    }
}
