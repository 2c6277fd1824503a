import DockerfileSyntax

/// Commands that install dependencies from manifests.
func installsDependencies(_ script: ShellScript) -> Bool {
    script.commands.contains { command in
        let first = command.positional.first ?? ""
        switch command.name {
        case "npm": return ["ci", "install", "i"].contains(first)
        case "yarn", "pnpm", "bun": return first == "install" || command.positional.isEmpty
        case "go": return command.positional.starts(with: ["mod", "download"])
        case "bundle", "composer", "poetry", "pipenv", "uv": return ["install", "sync"].contains(first)
        default: return !pipInstalls(ShellScript.init(commands: [command])).isEmpty
        }
    }
}

extension ShellScript {
    init(commands: [Command]) { self.commands = commands }
}

struct CopyManifestsFirst: Rule {
    static let description = RuleDescription(
        id: "copy-manifests-first",
        severity: .warning, category: .multiStage,
        summary: "Copy dependency manifests and install before copying the rest of the source.",
        rationale:
            "`COPY . .` before `npm ci` (or pip, go, bundle…) invalidates the install layer on every source change, so every build reinstalls everything.",
        examples: [
            .triggering("FROM node:22-slim\nWORKDIR /app\n↓COPY . .\nRUN npm ci\n"),
            .passing("FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { stage -> [Violation] in
            var wholeContext: Node?
            var violations: [Violation] = []
            for node in stage.instructions {
                if node.command == "copy" || node.command == "add",
                    !node.flags.contains(where: { $0.hasPrefix("--from=") }),
                    node.next.map(\.value).dropLast().contains(where: { $0 == "." || $0 == "./" })
                {
                    wholeContext = wholeContext ?? node
                }
                if node.command == "run", let copy = wholeContext,
                    installsDependencies(context.run(for: node)?.script ?? ShellScript(""))
                {
                    violations.append(
                        Violation(
                            copy,
                            "the whole context is copied before the install on line \(node.startLine); copy the manifests first, install, then copy the source"
                        ))
                    wholeContext = nil
                }
            }
            return violations
        }
    }
}
