import DockerfileSyntax

struct YumPinVersions: Rule {
    static let description = rpmRuleDescription(
        "yum-pin-versions", "DL3033", .warning, "Pin versions in yum install (package-version).",
        "Unpinned packages change between builds.",
        "yum install -y httpd && yum clean all", "yum install -y httpd-2.4.57 && yum clean all")
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let unpinned = unpinnedRPMPackages(installs(run.script, "yum"))
            return unpinned.isEmpty ? nil : Violation(run.node, "pin versions: \(unpinned.joined(separator: " "))")
        }
    }
}
