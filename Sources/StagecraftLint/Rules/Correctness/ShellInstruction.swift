import DockerfileSyntax

struct ShellInstruction: Rule {
    static let description = RuleDescription(
        id: "shell-instruction", aliases: [.hadolint("DL4005")], severity: .warning, category: .correctness,
        summary: "Use SHELL to change the default shell instead of linking /bin/sh.",
        rationale: "Replacing /bin/sh changes every script in the image, including the base image's; SHELL only changes RUN.",
        examples: [
            .triggering("FROM debian:12\n↓RUN ln -sfv /bin/bash /bin/sh\n"),
            .passing("FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            run.script.commands(named: "ln").contains { $0.has("/bin/sh") } ? Violation(run.node) : nil
        }
    }
}
