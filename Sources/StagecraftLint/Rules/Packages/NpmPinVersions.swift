import DockerfileSyntax

struct NpmPinVersions: Rule {
    static let description = RuleDescription(
        id: "npm-pin-versions",
        aliases: [.hadolint("DL3016")],
        severity: .warning, category: .packages,
        summary: "Pin versions in npm install <package>.",
        rationale:
            "`npm install pkg` takes whatever is newest; pin `pkg@version`, or install from package-lock.json with npm ci.",
        examples: [
            .triggering("FROM node:22-slim\n↓RUN npm install -g typescript\n"),
            .passing("FROM node:22-slim\nRUN npm install -g typescript@5.6.2 @scope/tool@1.2.0\nRUN npm ci\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let unpinned = run.script.commands(named: "npm").flatMap { command -> [String] in
                guard let first = command.positional.first, ["install", "i", "add"].contains(first) else { return [] }
                return command.positional.dropFirst().filter { !Self.isPinned($0) }
            }
            return unpinned.isEmpty
                ? nil : Violation(run.node, "pin versions: \(unpinned.map { "\($0)@<version>" }.joined(separator: " "))")
        }
    }

    static func isPinned(_ package: String) -> Bool {
        if package.hasPrefix(".") || package.hasPrefix("/") || package.hasSuffix(".tgz") || package.hasSuffix(".tar.gz") {
            return true
        }
        if package.contains("://") || package.hasPrefix("git+") || package.hasPrefix("github:") { return package.contains("#") }
        let name = package.hasPrefix("@") ? String(package.dropFirst()) : package
        return name.contains("@")
    }
}
