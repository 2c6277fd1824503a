import DockerfileSyntax

struct WorkdirAbsolute: Rule {
    static let description = RuleDescription(
        id: "workdir-absolute",
        aliases: [.hadolint("DL3000"), .buildkit("WorkdirRelativePath"), .trivy("DS-0009")],
        severity: .error, category: .correctness,
        summary: "Use an absolute path in WORKDIR.",
        rationale:
            "A relative WORKDIR resolves against whatever the base image left as working directory, so the same Dockerfile can behave differently when the base changes.",
        examples: [
            .triggering("FROM alpine:3.20\n↓WORKDIR app\n"),
            .passing("FROM alpine:3.20\nWORKDIR /app\nWORKDIR $HOME\nWORKDIR \"/srv\"\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { $0.instructions(("workdir")) }.compactMap { node in
            var path = node.next.first?.value ?? ""
            if path.count >= 2, let first = path.first, first == "\"" || first == "'", path.last == first {
                path = String(path.dropFirst().dropLast())
            }
            if path.hasPrefix("/") || path.hasPrefix("$") || isWindowsPath(path) { return nil }
            return Violation(node, "WORKDIR \(path) is relative; use an absolute path such as /\(path)")
        }
    }

    private func isWindowsPath(_ path: String) -> Bool {
        let characters = Array(path)
        return characters.count >= 2 && characters[0].isLetter && characters[1] == ":"
    }
}
