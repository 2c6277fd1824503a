import DockerfileSyntax

struct AddRemoteChecksum: Rule {
    static let description = RuleDescription(
        id: "add-remote-checksum",
        severity: .warning, category: .security,
        summary: "ADD of a remote URL needs --checksum=sha256:… (or download with a verified checksum in RUN).",
        rationale:
            "Without a checksum the build trusts whatever the server returns today; a compromised or changed file goes straight into the image.",
        examples: [
            .triggering("FROM alpine:3.20\n↓ADD https://example.com/tool.tar.gz /opt/\n"),
            .passing(
                "FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/\n"
            ),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { $0.instructions("add") }.compactMap { node in
            let remote = node.next.map(\.value).dropLast().filter { $0.hasPrefix("http://") || $0.hasPrefix("https://") }
            guard !remote.isEmpty, !node.flags.contains(where: { $0.hasPrefix("--checksum=") }) else { return nil }
            return Violation(node, "\(remote.joined(separator: ", ")) is added without --checksum")
        }
    }
}
