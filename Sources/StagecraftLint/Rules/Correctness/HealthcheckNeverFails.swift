import DockerfileSyntax

struct HealthcheckNeverFails: Rule {
    static let description = RuleDescription(
        id: "healthcheck-never-fails",
        severity: .warning, category: .correctness,
        summary: "A HEALTHCHECK must be able to fail.",
        rationale:
            "`HEALTHCHECK CMD curl -f http://localhost/ || true`, `exit 0` or `python -c \"import sys; sys.exit(0)\"` report healthy whatever the service does, so `depends_on: condition: service_healthy` and orchestrators route traffic to a dead container.",
        examples: [
            .triggering("FROM python:3.12-slim\n↓HEALTHCHECK CMD curl -f http://localhost:8000/health || true\n"),
            .triggering("FROM python:3.12-slim\n↓HEALTHCHECK CMD [\"python\", \"-c\", \"import sys; sys.exit(0)\"]\n"),
            .passing("FROM python:3.12-slim\nHEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { $0.instructions("healthcheck") }.compactMap { node in
            guard node.next.count > 1, node.next[0].value.uppercased() == "CMD" else { return nil }
            let words = node.next.dropFirst().map(\.value)
            let command: String
            if node.isJSON {
                // Exec form: a shell only if the words start one.
                if words.count >= 3, ["sh", "/bin/sh", "bash", "/bin/bash"].contains(words[0]), words[1] == "-c" {
                    command = words[2...].joined(separator: " ")
                } else {
                    command = words.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
                }
            } else {
                command = words.joined(separator: " ")
            }
            return healthcheckNeverFails(command).map { Violation(node, "this health check cannot fail: \($0)") }
        }
    }
}
