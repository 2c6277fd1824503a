import DockerfileSyntax

struct OnbuildInvalidTrigger: Rule {
    static let description = RuleDescription(
        id: "onbuild-invalid-trigger",
        aliases: [.hadolint("DL3043")],
        severity: .error, category: .correctness,
        summary: "ONBUILD cannot wrap ONBUILD, FROM or MAINTAINER.",
        rationale: "BuildKit rejects these triggers when the image is used as a base, far from where the mistake was made.",
        examples: [
            .triggering("FROM alpine:3.20\n↓ONBUILD ONBUILD RUN make\n"), .passing("FROM alpine:3.20\nONBUILD RUN make\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.parsed.nodes.compactMap { node in
            guard node.command == "onbuild", let inner = node.subcommand,
                ["onbuild", "from", "maintainer"].contains(inner.command)
            else { return nil }
            return Violation(node, "ONBUILD \(inner.value.uppercased()) is not allowed")
        }
    }
}
