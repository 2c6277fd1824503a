import DockerfileSyntax

struct ExposeSsh: Rule {
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
