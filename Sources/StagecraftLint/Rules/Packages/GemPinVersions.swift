import DockerfileSyntax

struct GemPinVersions: Rule {
    static let description = RuleDescription(
        id: "gem-pin-versions", aliases: [.hadolint("DL3028")], severity: .warning, category: .packages,
        summary: "Pin versions in gem install (gem:version or -v).",
        rationale: "Unpinned gems change between builds.",
        examples: [
            .triggering("FROM ruby:3.3-slim\n↓RUN gem install bundler\n"),
            .passing("FROM ruby:3.3-slim\nRUN gem install bundler:2.5.16\nRUN gem install rails -v 7.1.3\n"),
        ])
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let unpinned = run.script.commands(named: "gem").filter {
                $0.positional.first == "install" || $0.positional.first == "i"
            }.flatMap { command -> [String] in
                if command.hasFlag(short: "v", long: ["version"]) { return [] }
                return command.positional.dropFirst().filter { !$0.contains(":") }
            }
            return unpinned.isEmpty
                ? nil : Violation(run.node, "pin versions: \(unpinned.map { "\($0):<version>" }.joined(separator: " "))")
        }
    }
}
