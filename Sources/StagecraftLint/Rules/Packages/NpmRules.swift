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

struct NpmOmitDev: Rule {
    static let description = RuleDescription(
        id: "npm-omit-dev",
        severity: .warning, category: .packages,
        summary: "Replace the deprecated --only=production (and --production) with --omit=dev.",
        rationale:
            "npm 7 deprecated --only=production and npm 9 ignores it with a warning: dev dependencies may end up in the runtime image.",
        examples: [
            .triggering("FROM node:22-slim\n↓RUN npm ci --only=production\n"),
            .passing("FROM node:22-slim\nRUN npm ci --omit=dev\n"),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let deprecated = run.script.commands(named: "npm").flatMap { $0.arguments }.first {
                ["--only=production", "--only=prod", "--production"].contains($0)
            }
            guard let deprecated else { return nil }
            let fix = context.replace(deprecated, with: "--omit=dev", in: run.node, title: "use --omit=dev")
            return Violation(run.node, "\(deprecated) is deprecated; use --omit=dev", fix: fix)
        }
    }
}

struct NpmCache: Rule {
    static let description = RuleDescription(
        id: "npm-cache",
        severity: .info, category: .packages,
        summary: "Keep npm's cache out of the layer: use a cache mount on /root/.npm, or clean it in the same RUN.",
        rationale:
            "npm keeps every downloaded tarball under ~/.npm; without a cache mount or `npm cache clean --force` it ships in the image.",
        examples: [
            .triggering("FROM node:22-slim\n↓RUN npm ci --omit=dev\n"),
            .passing("FROM node:22-slim\nRUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\n"),
            .passing("FROM node:22-slim\nRUN npm ci --omit=dev && npm cache clean --force\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let script = run.script
            let installs = script.commands(named: "npm").contains { ["ci", "install", "i"].contains($0.positional.first ?? "") }
            let cleans = script.commands(named: "npm").contains { $0.positional.starts(with: ["cache", "clean"]) }
            guard installs, !cleans, !run.hasCacheMount(endingWith: ".npm"), context.shippedStages.contains(run.stage.index)
            else { return nil }
            return Violation(
                run.node, suggestion: "RUN --mount=type=cache,target=/root/.npm \(run.run.next.first?.value ?? "npm ci")")
        }
    }
}

struct YarnCacheClean: Rule {
    static let description = RuleDescription(
        id: "yarn-cache-clean",
        aliases: [.hadolint("DL3060")],
        severity: .info, category: .packages,
        summary: "Run yarn cache clean after yarn install, or use a cache mount.",
        rationale: "Yarn's cache otherwise stays in the layer.",
        examples: [
            .triggering("FROM node:22-slim\n↓RUN yarn install\n"),
            .passing("FROM node:22-slim\nRUN yarn install && yarn cache clean\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        let shipped = context.shippedStages
        return context.runs().compactMap { run in
            guard shipped.contains(run.stage.index) else { return nil }
            let script = run.script
            let installs = script.commands(named: "yarn").contains { $0.positional.first == "install" }
            let cleans = script.commands(named: "yarn").contains { $0.positional.starts(with: ["cache", "clean"]) }
            guard installs, !cleans, !run.hasCacheMount(endingWith: ".cache/yarn") else { return nil }
            return Violation(run.node)
        }
    }
}
