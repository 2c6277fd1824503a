import DockerfileSyntax

struct WgetOrCurl: Rule {
    static let description = RuleDescription(
        id: "wget-or-curl",
        aliases: [.hadolint("DL4001"), .trivy("DS-0014")],
        severity: .warning, category: .maintainability,
        summary: "Use either wget or curl in a stage, not both.",
        rationale: "Two download tools do the same job; keeping one makes the image smaller.",
        examples: [
            .triggering("FROM alpine:3.20\nRUN curl -fsSLO https://example.com/a\n↓RUN wget -q https://example.com/b\n"),
            .passing("FROM alpine:3.20\nRUN curl -fsSLO https://example.com/a\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        var violations: [Violation] = []
        for stage in context.document.stages {
            var seenCurl = false
            var seenWget = false
            for run in context.runs(inStage: stage.index, onbuild: false) {
                let script = run.script
                let curl = script.runs("curl")
                let wget = script.runs("wget")
                seenCurl = seenCurl || curl
                seenWget = seenWget || wget
                if (curl || wget) && seenCurl && seenWget { violations.append(Violation(run.node)) }
            }
        }
        return violations
    }
}
