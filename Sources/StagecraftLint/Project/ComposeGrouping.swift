import Foundation
import StagecraftCompose
import StagecraftReporting

/// Which compose files `docker compose` reads together in a project.
///
/// In each folder, the main file (`compose.yaml` or the other default names) is read with the
/// override file compose picks up itself (`compose.override.yaml`…). Any other compose file that
/// names a service of a main file in its own folder or a folder above it (`docker-compose.dev.yml`
/// setting only `target: development`, `overrides/compose.proxy.yaml` adding a service that
/// depends on the main file's) is an override used as `-f main -f other`, and is read merged onto
/// the nearest such main file. A file that shares no service with one stands alone. Files
/// another file pulls in with `include:` or `extends:` are read through that file only.
enum ComposeGrouping {
    /// The file lists to load, each as `docker compose -f a -f b` would.
    static func groups(_ files: [String], environment: [String: String]) -> [[String]] {
        var folders: [String] = []
        var byFolder: [String: [String]] = [:]
        for file in files {
            let folder = containingFolder(of: file)
            if byFolder[folder] == nil { folders.append(folder) }
            byFolder[folder, default: []].append(file)
        }
        // The main file (and compose's own override) of each folder that has one.
        var mains: [String: [String]] = [:]
        for folder in folders {
            let defaults = ComposeLoader.defaultFiles(in: folder, environment: [:])
            if let main = defaults.first, byFolder[folder]?.contains(main) == true { mains[folder] = defaults }
        }
        var read: [String: Shape] = [:]
        func shape(_ file: String) -> Shape {
            if let known = read[file] { return known }
            let found = Shape(file, environment: environment)
            read[file] = found
            return found
        }
        var groups: [[String]] = []
        for folder in folders {
            if let defaults = mains[folder] { groups.append(defaults) }
            for file in byFolder[folder] ?? [] where !(mains[folder] ?? []).contains(file) {
                let own = shape(file)
                let base = ancestors(of: folder).lazy.compactMap { ancestor in mains[ancestor].map { (ancestor, $0[0]) } }.first {
                    ancestor, main in
                    let mainShape = shape(main)
                    // Beside the main file, sharing a service is enough (paths resolve the same
                    // either way). From a folder below it, the file must need the main file: a
                    // service with neither image nor build, or a dependency only the main defines.
                    if ancestor == folder { return !own.services.isDisjoint(with: mainShape.services) }
                    return !own.partial.isDisjoint(with: mainShape.services)
                        || !own.dependencies.subtracting(own.services).isDisjoint(with: mainShape.services)
                }
                groups.append(base.map { [$0.1, file] } ?? [file])
            }
        }
        return groups
    }

    /// `folder` and the folders above it, nearest first.
    static func ancestors(of folder: String) -> [String] {
        var result = [folder]
        var current = folder
        while true {
            let parent = parentFolder(of: current)
            guard !parent.isEmpty, parent != current else { break }
            result.append(parent)
            current = parent
        }
        if folder != "." && !folder.hasPrefix("/") && !result.contains(".") { result.append(".") }
        return result
    }

    /// What grouping needs of a compose file: its services, those that are partial (neither
    /// image nor build), and the services they depend on. A file that cannot be read has none
    /// here and is reported when its group is loaded.
    struct Shape {
        var services: Set<String> = []
        var partial: Set<String> = []
        var dependencies: Set<String> = []

        init(_ file: String, environment: [String: String]) {
            var loader = ComposeLoader(environment: environment)
            loader.requiredVariablesMayBeMissing = true
            guard let project = try? loader.load(file) else { return }
            services = Set(project.services.map(\.name))
            partial = Set(project.services.filter { $0.image == nil && $0.build == nil }.map(\.name))
            dependencies = Set(project.services.flatMap(\.dependsOn).map(\.service))
        }
    }
}
