import DockerfileStages
import DockerfileSyntax
import Foundation
import StagecraftCompose
import StagecraftReporting

/// One image to build: a compose service at one Dockerfile target.
public struct BuildJob: Sendable, Equatable {
    public var service: String
    /// The stage to build; nil builds the Dockerfile's last stage.
    public var target: String?
    /// The build context folder, resolved against the project folder.
    public var context: String
    /// The Dockerfile, resolved against the context.
    public var dockerfile: String
    public var args: [String: String]
    public var tag: String
    public var cacheFrom: [String]
    public var labels: [String: String]
    /// BuildKit secrets, as `--secret` takes them (`id=NAME,src=FILE` or `id=NAME,env=VAR`):
    /// mounted into RUN steps, never stored in the image or any report.
    public var secrets: [String] = []

    /// `service` or `service:target`, for messages.
    public var label: String { target.map { "\(service):\($0)" } ?? service }
}

/// Which services and targets to build, from a compose project.
public struct BuildPlanner: Sendable {
    public var services: [String] = []
    public var profiles: [String] = []
    /// Targets to build for every selected service; empty builds each service's compose target.
    public var targets: [String] = []
    public var buildArgs: [String: String] = [:]
    /// `--secret` values for every build, besides the compose file's own.
    public var secrets: [String] = []

    public init() {}

    public struct Plan: Sendable {
        public var jobs: [BuildJob]
        /// (service, target) pairs asked for with `--target` whose Dockerfile has no such stage.
        public var skipped: [(service: String, target: String)]
    }

    /// - Throws: ``BuildError`` for an unknown service, a compose target the Dockerfile lacks, or
    ///   a Dockerfile that cannot be read or parsed.
    public func plan(_ project: ComposeProject) throws(BuildError) -> Plan {
        for name in services where project.service(name) == nil {
            let known = project.services.map(\.name).joined(separator: ", ")
            throw BuildError.usage("no service \(name) in \(project.files.joined(separator: ", ")); services: \(known)")
        }
        var jobs: [BuildJob] = []
        var skipped: [(String, String)] = []
        for service in project.services {
            guard let build = service.build else { continue }
            if !services.isEmpty && !services.contains(service.name) { continue }
            // Naming a service turns its profiles on.
            if services.isEmpty && !service.isActive(profiles: profiles) { continue }
            let context = Self.resolve(build.context, against: project.directory)
            let dockerfile = Self.resolve(build.dockerfile, against: context)
            let stages = try Self.stageNames(dockerfile, service: service.name)
            let wanted: [String?] = targets.isEmpty ? [build.target] : targets
            for target in wanted {
                if let target, !stages.contains(target.lowercased()) {
                    if targets.isEmpty {
                        let location = build.targetLocation.map { "\($0.file):\($0.line): " } ?? ""
                        throw BuildError.usage(
                            "\(location)service \(service.name) builds target \(target), but \(dockerfile) has no stage named \(target); stages: \(stages.joined(separator: ", "))"
                        )
                    }
                    skipped.append((service.name, target))
                    continue
                }
                let tag: String
                if let image = service.image, target == build.target {
                    tag = image
                } else {
                    tag = "\(project.name.isEmpty ? "stagecraft" : project.name)-\(service.name):\(target ?? "latest")"
                }
                var job = BuildJob(
                    service: service.name, target: target, context: context, dockerfile: dockerfile,
                    args: build.args.merging(buildArgs) { $1 }, tag: tag, cacheFrom: build.cacheFrom.map(\.value),
                    labels: build.labels)
                job.secrets =
                    try build.secrets.map { name throws(BuildError) -> String in
                        switch project.secrets[name] {
                        case .file(let path): return "id=\(name),src=\(path)"
                        case .environment(let variable): return "id=\(name),env=\(variable)"
                        case nil:
                            throw BuildError.usage(
                                "service \(service.name) builds with secret \(name), which the compose file's top-level secrets: does not define"
                            )
                        }
                    } + secrets
                jobs.append(job)
            }
        }
        return Plan(jobs: jobs, skipped: skipped)
    }

    static func resolve(_ path: String, against folder: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: folder).appendingPathComponent(path).standardizedFileURL.path
    }

    /// The lower-cased stage names of a Dockerfile.
    static func stageNames(_ path: String, service: String) throws(BuildError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BuildError.usage(
                "service \(service): cannot read its Dockerfile \(path); check build.context and build.dockerfile")
        }
        do {
            let parsed = try DockerfileParser.parse([UInt8](data))
            let graph = try StageGraphBuilder().build(parsed)
            return graph.stages.compactMap { $0.name?.lowercased() }
        } catch let error as DockerfileSyntaxError {
            throw BuildError.dockerfile(path: path, line: error.line, column: error.column, message: error.message)
        } catch let error as DockerfileStagesError {
            throw BuildError.dockerfile(path: path, line: error.line, column: nil, message: error.message)
        } catch {
            throw BuildError.dockerfile(path: path, line: nil, column: nil, message: "\(error)")
        }
    }
}

/// Why a build could not be planned or run.
public enum BuildError: InputProblem, Sendable {
    /// Bad input: unknown service, missing stage, unreadable Dockerfile (exit 2).
    case usage(String)
    /// The engine could not be reached or run (exit 2).
    case engine(String)
    /// A Dockerfile a service builds cannot be parsed: where, and what is wrong (exit 2).
    case dockerfile(path: String, line: Int?, column: Int?, message: String)

    public var position: SourcePosition {
        switch self {
        case .usage, .engine: SourcePosition()
        case .dockerfile(let path, let line, let column, _): SourcePosition(file: path, line: line, column: column)
        }
    }

    public var problem: String {
        switch self {
        case .usage(let message), .engine(let message), .dockerfile(_, _, _, let message): message
        }
    }
}
