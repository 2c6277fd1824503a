import DockerfileSyntax

struct PipPinVersions: Rule {
    static let description = RuleDescription(
        id: "pip-pin-versions",
        aliases: [.hadolint("DL3013")],
        severity: .warning, category: .packages,
        summary: "Pin versions in pip install, or install from a requirements file.",
        rationale: "Unpinned packages resolve to whatever is newest at build time.",
        examples: [
            .triggering("FROM python:3.12-slim\n↓RUN pip install --no-cache-dir flask\n"),
            .passing("FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3 -r requirements.txt\n"),
        ])

    static let valueFlags: Set<String> = [
        "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url", "-f",
        "--find-links", "--target", "-t", "--prefix", "--root",
    ]

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            var unpinned: [String] = []
            for command in pipInstalls(run.script) {
                var skipNext = false
                for argument in command.arguments {
                    if skipNext {
                        skipNext = false
                        continue
                    }
                    if Self.valueFlags.contains(argument) {
                        skipNext = true
                        continue
                    }
                    if argument.hasPrefix("-") || Self.isPinnedOrLocal(argument) { continue }
                    unpinned.append(argument)
                }
            }
            return unpinned.isEmpty
                ? nil : Violation(run.node, "pin versions: \(unpinned.map { "\($0)==<version>" }.joined(separator: " "))")
        }
    }

    static func isPinnedOrLocal(_ package: String) -> Bool {
        ["==", ">=", "<=", ">", "<", "!=", "~=", "@"].contains { package.contains($0) }
            || package.hasPrefix(".") || package.hasPrefix("/") || package.hasSuffix(".whl") || package.hasSuffix(".tar.gz")
            || package.contains("://")
    }
}
