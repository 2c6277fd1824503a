import Foundation
import StagecraftReporting
import Yams

/// `extends:` and `include:`, the two ways a compose file reads services from another place.
///
/// - `extends` (compose-spec `05-services.md#extends`): the service starts from the base service
///   (in the same file, or in `file:`) and its own keys are merged onto it by the same rules as an
///   override file; the base's `depends_on` is not inherited. Chains are followed up to
///   ``ComposeLoader/maximumChain`` links; a cycle is an error naming it.
/// - `include` (compose-spec `14-include.md`): each entry is loaded as its own project (its paths
///   relative to its own folder, or to `project_directory`), and its services are added; a service
///   both files define is an error, as in compose.
///
/// Relative build contexts of services read from another folder are rebased onto the including
/// file's folder, so every consumer resolves them against ``ComposeProject/directory`` as usual.
extension ComposeLoader {
    /// The longest chain of `extends` or nested `include` compose follows here.
    public static let maximumChain = 32

    func resolveExtends(_ services: [ComposeService], file: String) throws(ComposeError) -> (
        services: [ComposeService], files: [String]
    ) {
        var files: [String] = []
        var result: [ComposeService] = []
        for service in services {
            result.append(try resolved(service, in: services, file: file, chain: [], files: &files))
        }
        return (result, files)
    }

    private func resolved(
        _ service: ComposeService, in services: [ComposeService], file: String, chain: [String], files: inout [String]
    ) throws(ComposeError) -> ComposeService {
        guard let reference = service.extends else { return service }
        let key = "\(file) service \(service.name)"
        if let start = chain.firstIndex(of: key) {
            let cycle = (chain[start...] + [key]).joined(separator: " -> ")
            throw ComposeError(reference.location, "extends makes a cycle: \(cycle); remove one of the links")
        }
        guard chain.count < Self.maximumChain else {
            throw ComposeError(reference.location, "extends chain is longer than \(Self.maximumChain) services")
        }
        var base: ComposeService
        if let other = reference.file {
            let path = Self.joined(containingFolder(of: file), other)
            let project = try readServices(path).project
            guard let found = project.services.first(where: { $0.name == reference.service }) else {
                throw ComposeError(
                    reference.location, "extends names service \(reference.service), which \(path) does not define")
            }
            base = try resolved(found, in: project.services, file: path, chain: chain + [key], files: &files)
            base.rebase(onto: containingFolder(of: other))
            if !files.contains(path) { files.append(path) }
        } else {
            guard let found = services.first(where: { $0.name == reference.service }) else {
                throw ComposeError(
                    reference.location, "extends names service \(reference.service), which this file does not define")
            }
            base = try resolved(found, in: services, file: file, chain: chain + [key], files: &files)
        }
        var own = service
        own.extends = nil
        base.dependsOn = []
        var merged = base.merging(own)
        merged.name = own.name
        merged.location = own.location
        return merged
    }

    /// The services of `include:` entries, rebased onto this file's folder.
    func included(_ node: Yams.Node, file: String, reader: Reader) throws(ComposeError) -> ComposeProject? {
        guard let entries = node.sequence else {
            throw ComposeError(reader.location(node, "include"), "expected a list of files or of mappings with path")
        }
        var result: ComposeProject?
        let folder = containingFolder(of: file)
        for (index, entry) in entries.enumerated() {
            let keyPath = "include[\(index)]"
            var paths: [String]
            var projectDirectory: String?
            var envFiles: [String] = []
            if let mapping = entry.mapping {
                guard let path = mapping["path"] else {
                    throw ComposeError(reader.location(entry, keyPath), "an include entry needs a path")
                }
                paths = try reader.strings(path, keyPath + ".path")
                projectDirectory = try mapping["project_directory"].map { (node) throws(ComposeError) in
                    try reader.string(node, keyPath + ".project_directory")
                }
                envFiles =
                    try mapping["env_file"].map { (node) throws(ComposeError) in
                        try reader.strings(node, keyPath + ".env_file")
                    } ?? []
            } else {
                paths = [try reader.string(entry, keyPath)]
            }
            guard let first = paths.first else { continue }
            let resolvedPaths = paths.map { Self.joined(folder, $0) }
            if let cycleStart = including.firstIndex(of: Self.canonical(resolvedPaths[0])) {
                let cycle = (including[cycleStart...] + [Self.canonical(resolvedPaths[0])]).joined(separator: " -> ")
                throw ComposeError(reader.location(entry, keyPath), "include makes a cycle: \(cycle)")
            }
            guard including.count < Self.maximumChain else {
                throw ComposeError(reader.location(entry, keyPath), "include is nested deeper than \(Self.maximumChain) files")
            }
            var loader = self
            loader.including.append(Self.canonical(file))
            for envFile in envFiles {
                let path = Self.joined(folder, envFile)
                guard let text = TextFile.text(path) else {
                    throw ComposeError(reader.location(entry, keyPath + ".env_file"), "cannot read \(path)")
                }
                for (key, value) in parseDotEnv(text) where loader.environment[key] == nil { loader.environment[key] = value }
            }
            var project = try loader.load(resolvedPaths)
            let base = projectDirectory ?? containingFolder(of: first)
            for index in project.services.indices { project.services[index].rebase(onto: base) }
            project.includedFiles = project.files + project.includedFiles
            project.files = []
            if var earlier = result {
                for service in project.services where earlier.service(service.name) != nil {
                    throw ComposeError(
                        reader.location(entry, keyPath),
                        "service \(service.name) is defined by two included files; compose refuses this")
                }
                earlier.services += project.services
                earlier.includedFiles += project.includedFiles
                earlier.warnings += project.warnings
                result = earlier
            } else {
                result = project
            }
        }
        return result
    }

    // MARK: Paths

    /// `relative` joined onto `folder`, with `.` and `..` parts removed where they can be.
    static func joined(_ folder: String, _ relative: String) -> String {
        if relative.hasPrefix("/") || folder == "." || folder.isEmpty { return cleanPath(relative) }
        return cleanPath(folder + "/" + relative)
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

extension ComposeService {
    /// Makes a relative build context relative to a folder one level up the include or extends
    /// chain. Remote contexts (URLs, git) and absolute paths stay as they are.
    mutating func rebase(onto folder: String) {
        guard var build, folder != ".", !folder.isEmpty else { return }
        let context = build.context
        let isRemote = context.contains("://") || context.hasPrefix("git@") || context.hasPrefix("github.com/")
        if !isRemote && !context.hasPrefix("/") {
            build.context = ComposeLoader.joined(folder, context)
            self.build = build
        }
    }
}

/// Go's `filepath.Clean` for `/`-separated paths.
public func cleanPath(_ path: String) -> String {
    guard !path.isEmpty else { return "." }
    let rooted = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
        if part == "." { continue }
        if part == ".." {
            if let last = parts.last, last != ".." {
                parts.removeLast()
            } else if !rooted {
                parts.append(part)
            }
            continue
        }
        parts.append(part)
    }
    let joined = parts.joined(separator: "/")
    if rooted { return "/" + joined }
    return joined.isEmpty ? "." : joined
}
