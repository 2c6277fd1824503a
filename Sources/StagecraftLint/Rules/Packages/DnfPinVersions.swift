import DockerfileSyntax

struct DnfPinVersions: Rule {
    static let description = rpmRuleDescription(
        "dnf-pin-versions", "DL3041", .warning, "Pin versions in dnf install (package-version).",
        "Unpinned packages change between builds.",
        "dnf install -y httpd && dnf clean all", "dnf install -y httpd-2.4.57 && dnf clean all")
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let unpinned = unpinnedRPMPackages(installs(run.script, "dnf") + installs(run.script, "microdnf"))
            return unpinned.isEmpty ? nil : Violation(run.node, "pin versions: \(unpinned.joined(separator: " "))")
        }
    }
}
