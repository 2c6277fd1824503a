import DockerfileSyntax

struct DnfAssumeYes: Rule {
    static let description = rpmRuleDescription(
        "dnf-assume-yes", "DL3038", .warning, "Use dnf install -y.",
        "Without -y, dnf asks for confirmation and the build fails without a terminal.",
        "dnf install httpd-2.4.57 && dnf clean all", "dnf install -y httpd-2.4.57 && dnf clean all")
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            (installs(run.script, "dnf") + installs(run.script, "microdnf")).contains {
                !$0.hasFlag(short: "y", long: ["assumeyes"])
            } ? Violation(run.node) : nil
        }
    }
}
