import DockerfileSyntax

struct RuntimeUserRoot: Rule {
    static let description = RuleDescription(
        id: "runtime-user-root",
        aliases: [.hadolint("DL3002"), .trivy("DS-0002")],
        severity: .warning, category: .security,
        summary: "The image a target builds should not end with USER root.",
        rationale:
            "A process running as root in a container is one kernel bug away from root on the host. Build stages may use root; the stage that becomes the image should not.",
        examples: [
            .triggering("FROM alpine:3.20\nUSER 1000\n↓USER root\n"),
            .passing("FROM alpine:3.20 AS build\nUSER root\nRUN make\nFROM alpine:3.20\nUSER 1000:1000\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.targetStages.compactMap { stage in
            guard let user = context.effectiveUser(of: stage), isRootUser(user.next.first?.value ?? "") else { return nil }
            return Violation(user, "\(stage.displayName) runs as root; switch to a non-root USER at the end")
        }
    }
}
