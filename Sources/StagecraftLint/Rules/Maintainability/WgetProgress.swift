import DockerfileSyntax

struct WgetProgress: Rule {
    static let description = RuleDescription(
        id: "wget-progress",
        aliases: [.hadolint("DL3047")],
        severity: .info, category: .maintainability,
        summary: "Use wget --progress=dot:giga (or -q/-nv) to keep build logs short.",
        rationale: "wget's default progress bar writes a line per update in non-interactive logs, bloating CI output.",
        examples: [
            .triggering("FROM alpine:3.20\n↓RUN wget https://example.com/x.tgz\n"),
            .passing("FROM alpine:3.20\nRUN wget -q https://example.com/x.tgz\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let noisy = run.script.commands(named: "wget").contains { command in
                !command.hasFlag(short: "q", long: ["quiet", "progress", "no-verbose", "output-file", "append-output"])
                    && !command.has("-nv") && !command.hasFlag(short: "o") && !command.hasFlag(short: "a")
            }
            return noisy ? Violation(run.node) : nil
        }
    }
}
