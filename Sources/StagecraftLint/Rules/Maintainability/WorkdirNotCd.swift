import DockerfileSyntax

struct WorkdirNotCd: Rule {
    static let description = RuleDescription(
        id: "workdir-not-cd",
        aliases: [.hadolint("DL3003"), .trivy("DS-0013")],
        severity: .warning, category: .maintainability,
        summary: "Use WORKDIR to change directory instead of cd in RUN.",
        rationale: "cd only lasts for its RUN; WORKDIR is explicit, applies to later instructions, and is created if missing.",
        examples: [
            .triggering("FROM alpine:3.20\n↓RUN cd /app && make\n"), .passing("FROM alpine:3.20\nWORKDIR /app\nRUN make\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs(onbuild: false).compactMap { $0.script.runs("cd") ? Violation($0.node) : nil }
    }
}
