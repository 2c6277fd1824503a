import DockerfileSyntax

struct ExposeNoHostMapping: Rule {
    static let description = RuleDescription(
        id: "expose-no-host-mapping",
        aliases: [.buildkit("ExposeInvalidFormat")],
        severity: .warning, category: .correctness,
        summary: "EXPOSE takes container ports only, not IP addresses or host mappings.",
        rationale:
            "`EXPOSE 8080:80` or `EXPOSE 127.0.0.1:80:80` publishes nothing at build time; BuildKit warns and will reject it. Publish ports when running the container.",
        examples: [
            .triggering("FROM alpine:3.20\n↓EXPOSE 8080:80\n"),
            .passing("FROM alpine:3.20\nEXPOSE 80\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { $0.instructions("expose") }.compactMap { node in
            guard let bad = node.next.map(\.value).first(where: { $0.contains(":") && !$0.contains("$") }) else { return nil }
            return Violation(node, "EXPOSE \(bad) maps a host port; expose only the container port")
        }
    }
}
