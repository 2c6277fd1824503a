import DockerfileSyntax

struct NoSudo: Rule {
    static let description = RuleDescription(
        id: "no-sudo",
        aliases: [.hadolint("DL3004"), .trivy("DS-0010")],
        severity: .warning, category: .security,
        summary: "Do not use sudo in RUN; switch USER instead.",
        rationale:
            "sudo needs a TTY and a sudoers setup, behaves unpredictably in builds, and keeps a privilege-escalation tool in the image.",
        examples: [
            .triggering("FROM alpine:3.20\n↓RUN sudo make install\n"),
            .passing("FROM alpine:3.20\nUSER root\nRUN make install\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { $0.script.runs("sudo") ? Violation($0.node) : nil }
    }
}
