import Foundation
import StagecraftCompose

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
            let folder = ProjectLinter.folder(of: file)
            if byFolder[folder] == nil { folders.append(folder) }
            byFolder[folder, default: []].append(file)
        }
        // The main file (and compose's own override) of each folder that has one.
        var mains: [String: [String]] = [:]
        for folder in folders {
            let defaults = ComposeLoader.defaultFiles(in: folder, environment: [:])
            if let main = defaults.first, byFolder[folder]?.contains(main) == true { mains[folder] = defaults }
        }
        var names: [String: Set<String>] = [:]
        func services(_ file: String) -> Set<String> {
            if let known = names[file] { return known }
            let found = serviceNames(file, environment: environment)
            names[file] = found
            return found
        }
        var groups: [[String]] = []
        for folder in folders {
            if let defaults = mains[folder] { groups.append(defaults) }
            for file in byFolder[folder] ?? [] where !(mains[folder] ?? []).contains(file) {
                let own = services(file)
                let base = ancestors(of: folder).lazy.compactMap { mains[$0]?.first }.first { main in
                    !own.isDisjoint(with: services(main))
                }
                groups.append(base.map { [$0, file] } ?? [file])
            }
        }
        return groups
    }

    /// `folder` and the folders above it, nearest first.
    static func ancestors(of folder: String) -> [String] {
        var result = [folder]
        var current = folder
        while true {
            let parent = (current as NSString).deletingLastPathComponent
            guard !parent.isEmpty, parent != current else { break }
            result.append(parent)
            current = parent
        }
        if folder != "." && !folder.hasPrefix("/") && !result.contains(".") { result.append(".") }
        return result
    }

    /// The service names a compose file declares; a file that cannot be read declares none here
    /// and is reported when its group is loaded.
    static func serviceNames(_ file: String, environment: [String: String]) -> Set<String> {
        var loader = ComposeLoader(environment: environment)
        loader.requiredVariablesMayBeMissing = true
        guard let project = try? loader.load(file) else { return [] }
        return Set(project.services.map(\.name))
    }
}
