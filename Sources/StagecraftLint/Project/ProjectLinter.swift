import DockerfileSyntax
import Foundation
import StagecraftCompose
import StagecraftReporting

/// Lints a project folder as a whole: finds its compose files and Dockerfiles, works out which
/// context and targets each Dockerfile is built with, and runs the project rules.
public struct ProjectLinter: Sendable {
    public var configuration: LintConfiguration
    public var rules: [any ProjectRule]
    public var environment: [String: String]

    public init(
        configuration: LintConfiguration = LintConfiguration(), rules: [any ProjectRule] = RuleCatalog.project,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.configuration = configuration
        self.rules = rules
        self.environment = environment
    }

    /// The outcome for one folder.
    public struct Result: Sendable {
        /// Dockerfiles to lint, each with the stages compose builds from it.
        public var units: [BuildUnit]
        /// Findings of the project rules and compose files that could not be read.
        public var findings: [Finding]
        /// Compose files found.
        public var composeFiles: [String]
        /// Whether a compose file could not be used.
        public var unusable: Bool
        /// Files named like Dockerfiles that were not linted, and why.
        public var skipped: [DockerfileDiscovery.Skipped]
    }

    /// Whether a file name is a compose file: `compose*.y(a)ml` or `docker-compose*.y(a)ml`.
    public static func isComposeName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        guard lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") else { return false }
        return lowered.hasPrefix("compose") || lowered.hasPrefix("docker-compose")
    }

    public func lint(root: String) throws -> Result {
        let discovery = try DockerfileDiscovery.find([root], excluding: configuration.excludedPaths)
        let dockerfiles = discovery.files.map(cleanPath)
        /// Whether `exclude` names `path`, written from the folder linted (or as the path itself).
        func isExcluded(_ path: String) -> Bool {
            let fromRoot = DockerfileDiscovery.relative(path, to: root)
            return configuration.excludedPaths.contains { GlobPattern($0).matches(fromRoot) || GlobPattern($0).matches(path) }
        }
        // One more walk finds the other files that say how images are built.
        let others = DockerfileDiscovery.search(root) { name in
            Self.isComposeName(name) || BakeFile.isBakeFileName(name) || BuildCommands.isScriptPath(name)
                || name.hasSuffix(".yml") || name.hasSuffix(".yaml")
        }.files.filter { !isExcluded($0) }
        let composeFiles = others.filter { Self.isComposeName(Self.name(of: $0)) }
        var findings: [Finding] = []
        var projects: [ComposeProject] = []
        var unusable = false
        for group in ComposeGrouping.groups(composeFiles, environment: environment) {
            do {
                var loader = ComposeLoader(environment: environment)
                loader.requiredVariablesMayBeMissing = true
                projects.append(try loader.load(group))
            } catch {
                findings.append(
                    Finding(
                        ruleID: "compose-invalid", severity: .error, message: "\(error.location.keyPath): \(error.message)",
                        file: error.location.file, line: error.location.line))
                unusable = true
            }
        }
        // A file another one includes or extends from is read through that file only.
        let pulledIn = Set(projects.flatMap(\.includedFiles).map(cleanPath))
        projects.removeAll { project in project.files.allSatisfy { pulledIn.contains(cleanPath($0)) } }
        var units: [String: BuildUnit] = [:]
        for path in dockerfiles {
            units[path] = BuildUnit(
                dockerfile: path, document: Self.document(path),
                context: BuildContext(root: containingFolder(of: path), dockerfile: path), contextIsKnown: false,
                targets: [], services: [])
        }
        let rootReal = DockerfileDiscovery.realPath(root) ?? root
        var outside: [String: SourceLocation] = [:]
        // One unit per file: a path through a symbolic link joins the unit of the file it names.
        var keyOfRealPath: [String: String] = [:]
        for path in dockerfiles { keyOfRealPath[DockerfileDiscovery.resolvedPath(path)] = path }
        /// Records that `dockerfile` is built from `contextPath` at `target` ("" for the last stage).
        func declare(
            dockerfile: String, contextPath: String, target: String?, service: String?, namedContexts: some Sequence<String>,
            declaredAt location: SourceLocation
        ) {
            // A Dockerfile outside the project (an absolute path, a `../` context, a link out) is
            // not read: its lines would be printed in findings, and --fix would rewrite it.
            // A Dockerfile the configuration excludes is not linted because a compose file names it.
            guard !isExcluded(dockerfile) else { return }
            let real = DockerfileDiscovery.resolvedPath(dockerfile)
            guard DockerfileDiscovery.isInside(real, rootReal) else {
                if outside[dockerfile] == nil { outside[dockerfile] = location }
                return
            }
            let dockerfile = keyOfRealPath[real] ?? dockerfile
            keyOfRealPath[real] = dockerfile
            var unit =
                units[dockerfile]
                ?? BuildUnit(
                    dockerfile: dockerfile, document: Self.document(dockerfile),
                    context: BuildContext(root: contextPath, dockerfile: dockerfile), contextIsKnown: true, targets: [],
                    services: [])
            if !unit.contextIsKnown {
                unit.context = BuildContext(root: contextPath, dockerfile: dockerfile)
                unit.contextIsKnown = true
            }
            if let service, !unit.services.contains(service) { unit.services.append(service) }
            unit.namedContexts.formUnion(namedContexts)
            let target = target ?? ""
            if !unit.targets.contains(target) { unit.targets.append(target) }
            units[dockerfile] = unit
        }
        for project in projects {
            for service in project.services {
                guard let build = service.build else { continue }
                let contextPath = cleanPath(
                    build.context.hasPrefix("/") ? build.context : project.directory + "/" + build.context)
                let dockerfile = cleanPath(
                    build.dockerfile.hasPrefix("/") ? build.dockerfile : contextPath + "/" + build.dockerfile)
                declare(
                    dockerfile: dockerfile, contextPath: contextPath, target: build.target, service: service.name,
                    namedContexts: build.additionalContexts.keys, declaredAt: build.dockerfileLocation ?? build.contextLocation)
            }
        }
        let (declarations, bakeFindings) = buildDeclarations(others, root: root)
        findings += bakeFindings
        for declaration in declarations where FileManager.default.fileExists(atPath: declaration.dockerfilePath) {
            declare(
                dockerfile: cleanPath(declaration.dockerfilePath), contextPath: cleanPath(declaration.contextPath),
                target: declaration.target, service: nil, namedContexts: declaration.namedContexts.keys,
                declaredAt: declaration.location)
        }
        // Reported where the build names it: the file itself is never read, not even for display.
        for (path, location) in outside.sorted(by: { $0.key < $1.key }) {
            findings.append(
                Finding(
                    ruleID: "dockerfile-outside-project", severity: .warning,
                    message: "this build names \(path), which is outside \(root); it is not read, linted or fixed",
                    file: location.file, line: location.line))
        }
        let ordered = units.values.sorted { $0.dockerfile < $1.dockerfile }
        var variables = environment
        if let text = TextFile.text(root + "/.env") {
            for (key, value) in parseDotEnv(text) where variables[key] == nil { variables[key] = value }
        }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        var scriptFiles = others.filter {
            BuildCommands.isScriptPath($0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0)
        }
        if let readme = ["README.md", "readme.md", "README"].map({ prefix + $0 }).first(where: FileManager.default.fileExists) {
            scriptFiles.append(readme)
        }
        let context = ProjectContext(
            root: root, composeProjects: projects, units: ordered, variables: variables, buildDeclarations: declarations,
            scriptFiles: scriptFiles)
        findings += runRules(context)
        // Dockerfiles no compose service builds are linted for their last stage, as usual; a
        // missing Dockerfile is compose-build-path-missing's finding, not a file to lint.
        let result = ordered.filter { FileManager.default.fileExists(atPath: $0.dockerfile) }.map { unit -> BuildUnit in
            var unit = unit
            if unit.targets.contains("") || unit.targets.isEmpty { unit.targets = unit.targets.filter { !$0.isEmpty } + [""] }
            return unit
        }
        var seen = Set<String>()
        findings = findings.filter { seen.insert("\($0.file):\($0.line):\($0.ruleID):\($0.message)").inserted }
        return Result(
            units: result, findings: findings, composeFiles: composeFiles, unusable: unusable, skipped: discovery.skipped)
    }

    /// Runs the project rules, honouring the Dockerfiles' inline suppressions.
    private func runRules(_ context: ProjectContext) -> [Finding] {
        let suppressions = context.units.compactMap { unit in
            unit.document.map { (unit.dockerfile, Suppressions($0, honourInline: configuration.honourInlineIgnores)) }
        }
        var findings: [Finding] = []
        for rule in rules {
            let description = rule.description
            guard configuration.isEnabled(description, byDefault: true) else { continue }
            let configured = configuration.severity(for: description)
            let isOverridden =
                configured != description.severity
                || configuration.severityOverrides.keys.contains {
                    description.answers(to: $0)
                }
            for violation in rule.check(context) {
                // A rule may grade one finding above or below its default; a configured level wins.
                let severity = isOverridden ? configured : (violation.severity ?? configured)
                if let (_, suppression) = suppressions.first(where: { $0.0 == violation.file }),
                    suppression.suppresses(description, line: violation.line)
                {
                    continue
                }
                findings.append(
                    Finding(
                        ruleID: description.id, severity: severity, message: violation.message ?? description.summary,
                        file: violation.file, line: violation.line))
            }
        }
        return findings
    }

    /// The builds bake files and scripts declare, with a local context and a Dockerfile path
    /// free of variables. A script's relative paths are tried from its own folder, then from the
    /// project root (scripts are often run as `./scripts/build.sh` from there); workflows run
    /// at the root. A bake file that cannot be read is a warning: its targets are left out.
    private func buildDeclarations(_ files: [String], root: String) -> ([BuildDeclaration], [Finding]) {
        var declarations: [BuildDeclaration] = []
        var findings: [Finding] = []
        let bakeFiles = files.filter { BakeFile.isBakeFileName(Self.name(of: $0)) }
        var byFolder: [String: [String]] = [:]
        for file in bakeFiles { byFolder[containingFolder(of: file), default: []].append(file) }
        for folder in byFolder.keys.sorted() {
            let group = BakeFile.defaultNames.compactMap { name in byFolder[folder]?.first { Self.name(of: $0) == name } }
            do {
                // Bake resolves paths from where it runs: the file's folder, or (with `-f`) a
                // folder above it, usually the repository root.
                let targets = try BakeFile.load(group, environment: environment)
                declarations += targets.compactMap { Self.placed($0, from: folder, root: root, guessOnly: false) }
            } catch {
                findings.append(
                    Finding(
                        ruleID: "bake-unreadable", severity: .warning,
                        message: "\(error.message); the bake targets of this file are not used", file: error.location.file,
                        line: error.location.line))
            }
        }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        for file in files {
            let relative = file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
            guard BuildCommands.isScriptPath(relative) else { continue }
            let isWorkflow = relative.contains(".github/workflows/") || relative.hasSuffix(".gitlab-ci.yml")
            let found = BuildCommands.declarations(in: file, workingDirectory: root)
            guard !found.isEmpty else { continue }
            // A script that changes to a folder held in a variable runs its builds from somewhere
            // this cannot know: its paths are used where they exist and never reported missing.
            let text = TextFile.text(file) ?? ""
            let changesToVariable = text.range(of: #"(^|[\s;&(])(cd|pushd)\s+"?\$"#, options: .regularExpression) != nil
            for declaration in found {
                guard declaration.hasLocalContext, !(declaration.dockerfile ?? "").contains("$") else { continue }
                if isWorkflow {
                    declarations.append(declaration)
                } else if let placed = Self.placed(
                    declaration, from: containingFolder(of: file), root: root, guessOnly: changesToVariable)
                {
                    declarations.append(placed)
                }
            }
        }
        return (declarations, findings)
    }

    static func name(of path: String) -> String { (path as NSString).lastPathComponent }

    /// The declaration run from `folder` or the nearest folder above it (up to `root`) where its
    /// Dockerfile exists; else from `folder` itself, or nil when `guessOnly` says the working
    /// folder is not known.
    static func placed(_ declaration: BuildDeclaration, from folder: String, root: String, guessOnly: Bool) -> BuildDeclaration? {
        var candidates = [folder]
        var current = folder
        while current != root && current.count > root.count {
            current = containingFolder(of: current)
            candidates.append(current)
        }
        for candidate in candidates {
            var trial = declaration
            trial.workingDirectory = candidate
            if FileManager.default.fileExists(atPath: trial.dockerfilePath) { return trial }
        }
        guard !guessOnly else { return nil }
        var fallback = declaration
        fallback.workingDirectory = folder
        return fallback
    }

    /// A regular file's parsed text (never a FIFO or a device, which could block or leak).
    static func document(_ path: String) -> DockerfileDocument? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size < 64 << 20,
            let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return try? DockerfileDocument(path: path, source: [UInt8](data))
    }
}
