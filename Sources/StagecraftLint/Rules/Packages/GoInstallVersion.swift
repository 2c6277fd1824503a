import DockerfileSyntax

struct GoInstallVersion: Rule {
    static let description = RuleDescription(
        id: "go-install-version", aliases: [.hadolint("DL3062")], severity: .warning, category: .packages,
        summary: "Pin go install and go run packages with @version.",
        rationale: "Without @version, go install resolves whatever is newest.",
        examples: [
            .triggering("FROM golang:1.23\n↓RUN go install github.com/go-delve/delve/cmd/dlv\n"),
            .passing("FROM golang:1.23\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1\n"),
        ])
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let unpinned = run.script.commands(named: "go").filter { ["install", "run"].contains($0.positional.first ?? "") }
                .flatMap { command in
                    command.positional.dropFirst().filter {
                        !$0.contains("@") && !$0.hasPrefix(".") && !$0.hasSuffix(".go") && $0.contains("/")
                    }
                }
            return unpinned.isEmpty
                ? nil : Violation(run.node, "pin versions: \(unpinned.map { "\($0)@<version>" }.joined(separator: " "))")
        }
    }
}
