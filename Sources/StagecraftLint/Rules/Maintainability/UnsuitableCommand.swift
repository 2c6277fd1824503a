import DockerfileSyntax

struct UnsuitableCommand: Rule {
    static let description = RuleDescription(
        id: "unsuitable-command", aliases: [.hadolint("DL3001")], severity: .info, category: .maintainability,
        summary: "Do not run interactive or host-management commands (ssh, vim, ps, top, service, …) in RUN.",
        rationale: "They make no sense in a build step and usually signal a misunderstanding of what a container is.",
        examples: [.triggering("FROM debian:12\n↓RUN service nginx start\n"), .passing("FROM debian:12\nRUN nginx -t\n")])

    static let commands: Set<String> = ["free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"]

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            guard let command = run.script.commands.first(where: { Self.commands.contains($0.name) }) else { return nil }
            return Violation(run.node, "\(command.name) has no place in a build step")
        }
    }
}
