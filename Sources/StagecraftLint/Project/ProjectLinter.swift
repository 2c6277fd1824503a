import DockerfileSyntax
import Foundation
import StagecraftCompose

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
        let composeFiles = DockerfileDiscovery.search(root, matching: Self.isComposeName).files
            .filter { file in !configuration.excludedPaths.contains { GlobPattern($0).matches(file) } }
        var findings: [Finding] = []
        var projects: [ComposeProject] = []
        var unusable = false
        for group in ComposeGrouping.groups(composeFiles, environment: environment) {
            do {
                projects.append(try ComposeLoader(environment: environment).load(group))
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
                context: BuildContext(root: Self.folder(of: path), dockerfile: path), contextIsKnown: false,
                targets: [], services: [])
        }
        for project in projects {
            for service in project.services {
                guard let build = service.build else { continue }
                let contextPath = cleanPath(
                    build.context.hasPrefix("/") ? build.context : project.directory + "/" + build.context)
                let dockerfile = cleanPath(
                    build.dockerfile.hasPrefix("/") ? build.dockerfile : contextPath + "/" + build.dockerfile)
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
                if !unit.services.contains(service.name) { unit.services.append(service.name) }
                let target = build.target ?? ""
                if !unit.targets.contains(target) { unit.targets.append(target) }
                units[dockerfile] = unit
            }
        }
        let ordered = units.values.sorted { $0.dockerfile < $1.dockerfile }
        var variables = environment
        if let text = try? String(contentsOfFile: root + "/.env", encoding: .utf8) {
            for (key, value) in parseDotEnv(text) where variables[key] == nil { variables[key] = value }
        }
        let context = ProjectContext(root: root, composeProjects: projects, units: ordered, variables: variables)
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
            let isOverridden = configured != description.severity || configuration.severityOverrides.keys.contains {
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

    static func document(_ path: String) -> DockerfileDocument? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? DockerfileDocument(path: path, source: [UInt8](data))
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }
}
