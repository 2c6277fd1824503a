import DockerfileSyntax

struct ExposeProtocolLowercase: Rule {
    static let description = RuleDescription(
        id: "expose-protocol-lowercase",
        aliases: [.buildkit("ExposeProtoCasing")],
        severity: .warning, category: .style,
        summary: "Write the EXPOSE protocol in lower case (tcp, udp).",
        rationale: "BuildKit accepts `80/TCP` but warns; the lower-case form is the documented one.",
        examples: [
            .triggering("FROM alpine:3.20\n↓EXPOSE 80/TCP\n"),
            .passing("FROM alpine:3.20\nEXPOSE 80/tcp 53/udp\n"),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { $0.instructions("expose") }.compactMap { node in
            let upper = node.next.map(\.value).filter { spec in
                guard let slash = spec.firstIndex(of: "/") else { return false }
                let proto = spec[spec.index(after: slash)...]
                return proto != proto.lowercased()
            }
            guard let first = upper.first, let slash = first.firstIndex(of: "/") else { return nil }
            let fixed = String(first[..<slash]) + "/" + first[first.index(after: slash)...].lowercased()
            return Violation(
                node, "use \(fixed) instead of \(first)",
                fix: context.replace(first, with: fixed, in: node, title: "lower-case the protocol"))
        }
    }
}
