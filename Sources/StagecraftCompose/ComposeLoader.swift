import DockerfileSyntax
import Foundation
import StagecraftReporting
import Yams

/// Reads compose files into a ``ComposeProject``, keeping the line of every value for messages.
public struct ComposeLoader {
    /// Variables for interpolation; the project's `.env` fills in what these lack.
    public var environment: [String: String]

    /// The most YAML nodes a file may expand to through aliases.
    public var nodeLimit: Int
    /// The files whose `include:` is being read, outermost first, to find cycles.
    var including: [String] = []
    /// Whether `${NAME:?error}` with NAME unset is read as empty and noted (``ComposeWarning``),
    /// as a lint wants: the variable is the deployer's to set. `docker compose` itself stops.
    public var requiredVariablesMayBeMissing = false

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, nodeLimit: Int = 1_000_000) {
        self.environment = environment
        self.nodeLimit = nodeLimit
    }

    /// The names compose looks for in a folder, in its order of preference.
    public static let defaultFileNames = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"]

    /// The files `docker compose` reads when none is named: `COMPOSE_FILE` (split on
    /// `COMPOSE_PATH_SEPARATOR`, default `:`), else the compose file in `folder` plus its
    /// `compose.override.yaml` (or `.yml`, or the `docker-compose.override` names) when present.
    public static func defaultFiles(in folder: String = ".", environment: [String: String] = ProcessInfo.processInfo.environment)
        -> [String]
    {
        if let list = environment["COMPOSE_FILE"], !list.isEmpty {
            let separator = environment["COMPOSE_PATH_SEPARATOR"].flatMap(\.first) ?? ":"
            return list.split(separator: separator).map(String.init)
        }
        guard let main = defaultFile(in: folder) else { return [] }
        let overrides = [
            "compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml",
        ]
        let override = overrides.map { folder == "." ? $0 : folder + "/" + $0 }.first {
            FileManager.default.fileExists(atPath: $0)
        }
        return [main] + (override.map { [$0] } ?? [])
    }

    /// The compose file in `folder`, if there is one.
    public static func defaultFile(in folder: String = ".") -> String? {
        defaultFileNames.map { folder == "." ? $0 : folder + "/" + $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Loads several compose files and merges them in order, as `docker compose -f a -f b` does:
    /// each file is read and checked on its own (so messages name the right file and line), then
    /// merged by the compose-spec rules (see ``ComposeProject/merging(_:)``). Relative paths
    /// resolve against the first file's folder, whose `.env` is used.
    public func load(_ paths: [String]) throws(ComposeError) -> ComposeProject {
        guard let first = paths.first else {
            throw ComposeError(SourceLocation(file: "", line: 1, keyPath: "(file)"), "no compose file given")
        }
        var project = try load(first)
        var loader = self
        let directory = project.directory
        let dotEnv = directory + "/.env"
        if let text = TextFile.text(dotEnv) {
            for (key, value) in parseDotEnv(text) where loader.environment[key] == nil { loader.environment[key] = value }
        }
        for path in paths.dropFirst() {
            project = project.merging(try loader.load(path))
        }
        return project
    }

    /// Loads one compose file, with the services it extends and the files it includes.
    /// - Throws: ``ComposeError`` naming the file, line and key path.
    public func load(_ path: String) throws(ComposeError) -> ComposeProject {
        let file = try readServices(path)
        var project = file.project
        let extended = try resolveExtends(project.services, file: path)
        project.services = extended.services
        project.includedFiles = extended.files
        if let include = file.include, let included = try included(include, file: path, reader: file.reader) {
            for service in included.services where project.service(service.name) != nil {
                throw ComposeError(
                    service.location,
                    "service \(service.name) is defined both here and in \(path); compose refuses a service an include also defines"
                )
            }
            project.services = included.services + project.services
            project.includedFiles += included.includedFiles
            project.warnings = included.warnings + project.warnings
        }
        return project
    }

    /// Reads one file's services as written: merge keys resolved, `extends` and `include` not yet.
    func readServices(_ path: String) throws(ComposeError) -> (project: ComposeProject, include: Yams.Node?, reader: Reader) {
        let directory = parentFolder(of: path)
        var variables = environment
        let dotEnv = (directory.isEmpty ? "." : directory) + "/.env"
        if let text = TextFile.text(dotEnv) {
            for (key, value) in parseDotEnv(text) where variables[key] == nil { variables[key] = value }
        }
        let start = SourceLocation(file: path, line: 1, keyPath: "(file)")
        guard let text = TextFile.text(path) else {
            throw ComposeError(start, "cannot be read; check that the file exists and is readable")
        }
        var root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ComposeError(start, "not valid YAML: \(error)")
        }
        var mergeKeys = MergeKeys(limit: nodeLimit)
        do {
            root = try root.map { node throws(MergeKeys.LimitExceeded) in try mergeKeys.resolve(node) }
        } catch {
            throw ComposeError(
                start,
                "expands to more than \(nodeLimit) YAML nodes through anchors and aliases nested in each other; "
                    + "write the repeated parts out or nest fewer aliases")
        }
        let reader = Reader(
            file: path, interpolator: Interpolator(variables: variables), requiredMayBeMissing: requiredVariablesMayBeMissing)
        let services = try reader.services(root)
        var project = ComposeProject(files: [path], directory: directory.isEmpty ? "." : directory, services: services)
        for (key, _) in root?.mapping ?? [:] {
            let name = key.string ?? ""
            if !ComposeKeys.topLevel.contains(name) && !name.hasPrefix("x-") {
                reader.warnings.append(
                    ComposeWarning(
                        location: reader.location(key, name),
                        message: ComposeKeys.unknownKeyMessage(name, known: ComposeKeys.topLevel, kind: "top-level")))
            }
        }
        if let node = root?.mapping?["name"] {
            project.name = Self.projectName(try reader.string(node, "name"))
            project.nameIsExplicit = true
        } else {
            let folder = URL(fileURLWithPath: project.directory).standardizedFileURL.lastPathComponent
            project.name = Self.projectName(folder)
        }
        for (key, value) in root?.mapping?["secrets"]?.mapping ?? [:] {
            let name = key.string ?? ""
            if let file = value.mapping?["file"] {
                let relative = try reader.string(file, "secrets.\(name).file")
                project.secrets[name] = .file(relative.hasPrefix("/") ? relative : Self.joined(project.directory, relative))
            } else if let variable = value.mapping?["environment"] {
                project.secrets[name] = .environment(try reader.string(variable, "secrets.\(name).environment"))
            }
        }
        project.warnings = reader.warnings
        return (project, root?.mapping?["include"], reader)
    }

    /// Compose's normalization of project names.
    public static func projectName(_ raw: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_")
        return String(raw.lowercased().filter { allowed.contains($0) })
    }

    /// Walks the YAML tree with the file name and interpolation at hand, noting what compose
    /// accepts but is likely a mistake.
    final class Reader: @unchecked Sendable {
        let file: String
        let interpolator: Interpolator
        let requiredMayBeMissing: Bool
        var warnings: [ComposeWarning] = []

        init(file: String, interpolator: Interpolator, requiredMayBeMissing: Bool = false) {
            self.file = file
            self.interpolator = interpolator
            self.requiredMayBeMissing = requiredMayBeMissing
        }

        func location(_ node: Yams.Node, _ keyPath: String) -> SourceLocation {
            SourceLocation(file: file, line: node.mark?.line ?? 1, keyPath: keyPath)
        }

        func string(_ node: Yams.Node, _ keyPath: String) throws(ComposeError) -> String {
            guard let scalar = node.scalar else { throw ComposeError(location(node, keyPath), "expected a string") }
            var interpolator = interpolator
            // Each missing required variable is noted once and read as empty, when allowed.
            for _ in 0..<32 {
                do {
                    return try interpolator.interpolate(scalar.string)
                } catch {
                    guard requiredMayBeMissing, let name = error.missingVariable else {
                        throw ComposeError(location(node, keyPath), error.message)
                    }
                    warnings.append(
                        ComposeWarning(
                            kind: .missingVariable, location: location(node, keyPath),
                            message: "\(keyPath): \(error.message); set it in the environment or .env before compose up"))
                    interpolator.mayBeMissing.insert(name)
                }
            }
            throw ComposeError(location(node, keyPath), "too many required variables are missing")
        }

        func strings(_ node: Yams.Node, _ keyPath: String) throws(ComposeError) -> [String] {
            if node.scalar != nil { return [try string(node, keyPath)] }
            guard let sequence = node.sequence else { throw ComposeError(location(node, keyPath), "expected a list") }
            var result: [String] = []
            for (index, item) in sequence.enumerated() { result.append(try string(item, "\(keyPath)[\(index)]")) }
            return result
        }

        /// A map written either as `KEY: value` or as a list of `KEY=value`.
        func dictionary(_ node: Yams.Node, _ keyPath: String) throws(ComposeError) -> [String: String] {
            var result: [String: String] = [:]
            if let mapping = node.mapping {
                for (key, value) in mapping {
                    let name = key.string ?? ""
                    result[name] = value.null == nil ? try string(value, "\(keyPath).\(name)") : ""
                }
                return result
            }
            for (index, entry) in try strings(node, keyPath).enumerated() {
                guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                    if entry.isEmpty || entry.hasPrefix("=") {
                        let item = node.sequence.map { $0[index] } ?? node
                        throw ComposeError(location(item, "\(keyPath)[\(index)]"), "expected NAME=value, not \(entry)")
                    }
                    result[entry] = ""
                    continue
                }
                result[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
            }
            return result
        }

        func services(_ root: Yams.Node?) throws(ComposeError) -> [ComposeService] {
            guard let root, let top = root.mapping else {
                throw ComposeError(
                    SourceLocation(file: file, line: 1, keyPath: "(file)"), "expected a mapping with a services key")
            }
            guard let servicesNode = top["services"] else { return [] }
            guard let services = servicesNode.mapping else {
                throw ComposeError(location(servicesNode, "services"), "expected a mapping of services")
            }
            var result: [ComposeService] = []
            for (key, value) in services {
                let name = key.string ?? ""
                result.append(try service(name, value, keyNode: key))
            }
            return result
        }

        func service(_ name: String, _ node: Yams.Node, keyNode: Yams.Node) throws(ComposeError) -> ComposeService {
            let keyPath = "services.\(name)"
            guard let mapping = node.mapping else { throw ComposeError(location(keyNode, keyPath), "expected a mapping") }
            var service = ComposeService(
                name: name, location: location(keyNode, keyPath), build: nil, image: nil, healthcheck: nil, profiles: [],
                dependsOn: [], ports: [], environment: [:])
            for (key, value) in mapping {
                let field = key.string ?? ""
                let path = "\(keyPath).\(field)"
                if let tag = Self.mergeTag(value) {
                    service.mergeTags[field] = tag
                    // A reset key's value is not read: the key goes back to its default.
                    if tag == .reset { continue }
                }
                switch field {
                case "build": service.build = try build(value, path)
                case "image": service.image = try string(value, path)
                case "healthcheck": service.healthcheck = try healthcheck(value, path)
                case "profiles": service.profiles = try strings(value, path)
                case "depends_on": service.dependsOn = try dependencies(value, path)
                case "ports": service.ports = (value.sequence ?? []).compactMap { $0.scalar?.string }
                case "environment": service.environment = try dictionary(value, path)
                case "extends": service.extends = try extends(value, path)
                default:
                    if !ComposeKeys.service.contains(field) && !field.hasPrefix("x-") {
                        warnings.append(
                            ComposeWarning(
                                location: location(key, path),
                                message: ComposeKeys.unknownKeyMessage(field, known: ComposeKeys.service, kind: "service")))
                    }
                }
            }
            return service
        }

        func extends(_ node: Yams.Node, _ keyPath: String) throws(ComposeError) -> ExtendsReference {
            if node.scalar != nil {
                return ExtendsReference(service: try string(node, keyPath), file: nil, location: location(node, keyPath))
            }
            guard let mapping = node.mapping, let service = mapping["service"] else {
                throw ComposeError(location(node, keyPath), "expected a service name or a mapping with service (and file)")
            }
            return ExtendsReference(
                service: try string(service, keyPath + ".service"),
                file: try mapping["file"].map { (file) throws(ComposeError) in try string(file, keyPath + ".file") },
                location: location(node, keyPath))
        }

        /// `!reset` or `!override` on a value.
        static func mergeTag(_ node: Yams.Node) -> MergeTag? {
            switch node.tag.rawValue {
            case "!reset": .reset
            case "!override": .override
            default: nil
            }
        }

        func build(_ node: Yams.Node, _ keyPath: String) throws(ComposeError) -> ComposeBuild {
            if node.scalar != nil {
                return ComposeBuild(
                    context: try string(node, keyPath), contextLocation: location(node, keyPath), dockerfile: "Dockerfile",
                    dockerfileLocation: nil, target: nil, targetLocation: nil, args: [:], cacheFrom: [], cacheTo: [], tags: [],
                    labels: [:], explicitKeys: ["context"])
            }
            guard let mapping = node.mapping else {
                throw ComposeError(location(node, keyPath), "expected a context path or a mapping")
            }
            var build = ComposeBuild(
                context: ".", contextLocation: location(node, keyPath), dockerfile: "Dockerfile", dockerfileLocation: nil,
                target: nil,
                targetLocation: nil, args: [:], cacheFrom: [], cacheTo: [], tags: [], labels: [:])
            for (key, value) in mapping {
                let field = key.string ?? ""
                let path = "\(keyPath).\(field)"
                build.explicitKeys.insert(field)
                if let tag = Self.mergeTag(value) {
                    build.mergeTags[field] = tag
                    if tag == .reset { continue }
                }
                switch field {
                case "context":
                    build.context = try string(value, path)
                    build.contextLocation = location(value, path)
                case "dockerfile":
                    build.dockerfile = try string(value, path)
                    build.dockerfileLocation = location(value, path)
                case "target":
                    build.target = try string(value, path)
                    build.targetLocation = location(value, path)
                case "args": build.args = try dictionary(value, path)
                case "cache_from":
                    guard let items = value.sequence else { throw ComposeError(location(value, path), "expected a list") }
                    for (index, item) in items.enumerated() {
                        build.cacheFrom.append((try string(item, "\(path)[\(index)]"), location(item, "\(path)[\(index)]")))
                    }
                case "cache_to": build.cacheTo = try strings(value, path)
                case "tags": build.tags = try strings(value, path)
                case "labels": build.labels = try dictionary(value, path)
                case "additional_contexts": build.additionalContexts = try dictionary(value, path)
                case "secrets":
                    // Short syntax (`- name`) or long (`- source: name`).
                    for (index, item) in (value.sequence ?? []).enumerated() {
                        if let source = item.mapping?["source"] {
                            build.secrets.append(try string(source, "\(path)[\(index)].source"))
                        } else {
                            build.secrets.append(try string(item, "\(path)[\(index)]"))
                        }
                    }
                default: continue
                }
            }
            return build
        }

        func healthcheck(_ node: Yams.Node, _ keyPath: String) throws(ComposeError) -> ComposeHealthcheck {
            guard let mapping = node.mapping else { throw ComposeError(location(node, keyPath), "expected a mapping") }
            var check = ComposeHealthcheck(
                test: [], disabled: false, interval: nil, timeout: nil, retries: nil, startPeriod: nil,
                location: location(node, keyPath))
            for (key, value) in mapping {
                let field = key.string ?? ""
                let path = "\(keyPath).\(field)"
                switch field {
                case "test":
                    check.test = try strings(value, path)
                    check.testLine = key.mark?.line
                case "disable": check.disabled = value.bool ?? false
                case "interval": check.interval = try string(value, path)
                case "timeout": check.timeout = try string(value, path)
                case "start_period": check.startPeriod = try string(value, path)
                case "retries":
                    guard let retries = value.int else { throw ComposeError(location(value, path), "expected a number") }
                    check.retries = retries
                default: continue
                }
            }
            if check.test.first == "NONE" { check.disabled = true }
            return check
        }

        func dependencies(_ node: Yams.Node, _ keyPath: String) throws(ComposeError) -> [ComposeDependency] {
            if let sequence = node.sequence {
                return try sequence.enumerated().map { (index, item) throws(ComposeError) in
                    ComposeDependency(
                        service: try string(item, "\(keyPath)[\(index)]"), condition: "service_started",
                        location: location(item, keyPath))
                }
            }
            guard let mapping = node.mapping else {
                throw ComposeError(location(node, keyPath), "expected a list or a mapping of services")
            }
            return try mapping.map { (key, value) throws(ComposeError) in
                let name = key.string ?? ""
                let condition = value.mapping?["condition"]?.string ?? "service_started"
                let known = ["service_started", "service_healthy", "service_completed_successfully"]
                guard known.contains(condition) else {
                    throw ComposeError(
                        location(value, "\(keyPath).\(name).condition"), "expected one of \(known.joined(separator: ", "))")
                }
                var dependency = ComposeDependency(
                    service: name, condition: condition, location: location(key, "\(keyPath).\(name)"))
                dependency.required = value.mapping?["required"]?.bool ?? true
                return dependency
            }
        }
    }
}
