import DockerfileSyntax

struct UseraddNoLogInit: Rule {
    static let description = RuleDescription(
        id: "useradd-no-log-init", aliases: [.hadolint("DL3046")], severity: .warning, category: .correctness,
        summary: "Use useradd -l with a large UID.",
        rationale: "useradd writes a sparse lastlog entry sized by the UID; with a large UID the layer grows to gigabytes.",
        examples: [
            .triggering("FROM debian:12\n↓RUN useradd -u 123456 app\n"),
            .passing("FROM debian:12\nRUN useradd -l -u 123456 app\nRUN useradd -u 1000 app2\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let bad = run.script.commands(named: "useradd").contains { command in
                guard !command.hasFlag(short: "l", long: ["no-log-init"]) else { return false }
                guard let index = command.arguments.firstIndex(where: { $0 == "-u" || $0 == "--uid" }),
                    index + 1 < command.arguments.count
                else {
                    return false
                }
                return command.arguments[index + 1].count > 5
            }
            return bad ? Violation(run.node) : nil
        }
    }
}
