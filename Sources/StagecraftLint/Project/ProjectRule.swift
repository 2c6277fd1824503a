import DockerfileSyntax
import StagecraftCompose

/// A rule that looks at a whole project: compose files, Dockerfiles and their build contexts.
public protocol ProjectRule: Sendable {
    static var description: RuleDescription { get }
    func check(_ project: ProjectContext) -> [ProjectViolation]
}

extension ProjectRule {
    public var description: RuleDescription { Self.description }
}

/// A finding in any file of the project.
public struct ProjectViolation: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var message: String?
    /// This finding's level when it differs from the rule's default (a missing health check is
    /// an error where `condition: service_healthy` waits for it, advice elsewhere).
    public var severity: Severity?

    public init(file: String, line: Int, _ message: String? = nil, severity: Severity? = nil) {
        self.file = file
        self.line = line
        self.message = message
        self.severity = severity
    }
}

/// A Dockerfile as the project builds it: the services that build it, its context and targets.
public struct BuildUnit: Sendable {
    /// The Dockerfile path.
    public var dockerfile: String
    /// The parsed file, or nil when it does not parse (reported separately).
    public var document: DockerfileDocument?
    /// The build context.
    public var context: BuildContext
    /// Where the context comes from: a compose file (or bake file, or a build command in a script)
    /// names it, or it is only guessed to be the Dockerfile's own folder.
    public var contextIsKnown: Bool
    /// Stage names compose asks for; empty means the last stage.
    public var targets: [String]
    /// The compose services building it.
    public var services: [String]
    /// Named build contexts the builds pass (bake `contexts`, compose `additional_contexts`).
    public var namedContexts: Set<String> = []
}

/// What project rules see.
public struct ProjectContext: Sendable {
    /// The folder linted.
    public var root: String
    /// The compose projects found, each from one compose file.
    public var composeProjects: [ComposeProject]
    /// Every Dockerfile with how it is built.
    public var units: [BuildUnit]
    /// Variables from the environment and the project's `.env`.
    public var variables: [String: String]
    /// Builds that bake files, scripts, Makefiles and CI workflows declare.
    public var buildDeclarations: [BuildDeclaration] = []
    /// Shell scripts, Makefiles, CI workflows and the README: where profiles and builds are used.
    public var scriptFiles: [String] = []

    /// The unit for a Dockerfile path.
    public func unit(for dockerfile: String) -> BuildUnit? {
        if let unit = units.first(where: { $0.dockerfile == dockerfile }) { return unit }
        let real = DockerfileDiscovery.resolvedPath(dockerfile)
        return units.first { DockerfileDiscovery.resolvedPath($0.dockerfile) == real }
    }
}

extension DockerfileDocument {
    /// nil when `target` names a stage (as BuildKit compares, case-insensitively); else what to
    /// append to a message: the stages there are, when there are any.
    func missingStageNote(_ target: String) -> String? {
        let names = stages.compactMap(\.name)
        guard !names.contains(target.lowercased()) else { return nil }
        return names.isEmpty ? "" : "; its stages are \(names.joined(separator: ", "))"
    }
}
