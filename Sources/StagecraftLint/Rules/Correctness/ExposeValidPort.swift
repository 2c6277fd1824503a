import DockerfileSyntax

struct ExposeValidPort: Rule {
    static let description = RuleDescription(
        id: "expose-valid-port",
        aliases: [.hadolint("DL3011"), .trivy("DS-0008")],
        severity: .error, category: .correctness,
        summary: "Exposed ports must be between 0 and 65535.",
        rationale: "A port outside the valid range cannot be published; the EXPOSE line only misleads readers and tools.",
        examples: [
            .triggering("FROM alpine:3.20\n↓EXPOSE 80 70000\n"),
            .passing("FROM alpine:3.20\nEXPOSE 80 443/tcp 8000-8010 ${PORT}\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { $0.instructions("expose") }.compactMap { node in
            let invalid = node.next.map(\.value).filter { spec in
                if spec.contains("$") { return false }
                let port = spec.split(separator: "/").first.map(String.init) ?? spec
                return port.split(separator: "-", omittingEmptySubsequences: false).contains { part in
                    guard let number = Int(part) else { return true }
                    return number < 0 || number > 65535
                }
            }
            return invalid.isEmpty
                ? nil : Violation(node, "invalid port \(invalid.joined(separator: ", ")); ports go from 0 to 65535")
        }
    }
}
