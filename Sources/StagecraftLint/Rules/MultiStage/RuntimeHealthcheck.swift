import DockerfileSyntax

struct RuntimeHealthcheck: Rule {
    /// Off by default, as in hadolint: most images are run by an orchestrator with its own probe,
    /// and compose projects get compose-healthcheck-missing, which sees both places.
    static let enabledByDefault = false

    static let description = RuleDescription(
        id: "runtime-healthcheck",
        aliases: [.hadolint("DL3057"), .trivy("DS-0026")],
        severity: .info, category: .multiStage,
        summary: "Give the stage a target builds a HEALTHCHECK.",
        rationale:
            "Without one, Docker and compose report the container healthy as soon as it starts, and depends_on: service_healthy cannot wait for it.",
        examples: [
            .triggering("↓FROM nginx:1.27-alpine\nCOPY site /usr/share/nginx/html\n"),
            .passing("FROM nginx:1.27-alpine\nHEALTHCHECK CMD [\"wget\", \"-q\", \"-O-\", \"http://localhost/\"]\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.targetStages.compactMap { stage in
            let declared = context.lineage(of: stage).contains { !$0.instructions("healthcheck").isEmpty }
            return declared ? nil : Violation(stage.from, "\(stage.displayName) has no HEALTHCHECK")
        }
    }
}
