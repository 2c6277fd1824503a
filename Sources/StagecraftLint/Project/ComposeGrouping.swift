import Foundation
import StagecraftCompose

/// Which compose files `docker compose` reads together in a project.
///
/// In each folder, the main file (`compose.yaml` or the other default names) is read with the
/// override file compose picks up itself (`compose.override.yaml`…). Any other compose file in
/// that folder that names a service of the main file (`docker-compose.dev.yml` setting only
/// `target: development`) is an override used as `-f main -f other`, and is read merged onto the
/// main file. A file that shares no service with it stands alone. Files another file pulls in
/// with `include:` or `extends:` are read through that file only.
enum ComposeGrouping {
    /// The file lists to load, each as `docker compose -f a -f b` would.
    static func groups(_ files: [String], environment: [String: String]) -> [[String]] {
        var byFolder: [String: [String]] = [:]
        var folders: [String] = []
        for file in files {
            let folder = ProjectLinter.folder(of: file)
            if byFolder[folder] == nil { folders.append(folder) }
            byFolder[folder, default: []].append(file)
        }
        var groups: [[String]] = []
        for folder in folders {
            let inFolder = byFolder[folder] ?? []
            let defaults = ComposeLoader.defaultFiles(in: folder, environment: [:])
            guard let main = defaults.first, inFolder.contains(main) else {
                groups += inFolder.map { [$0] }
                continue
            }
            groups.append(defaults)
            let mainServices = serviceNames(main, environment: environment)
            for file in inFolder where !defaults.contains(file) {
                let shares = !mainServices.isDisjoint(with: serviceNames(file, environment: environment))
                groups.append(shares ? [main, file] : [file])
            }
        }
        return groups
    }

    /// The service names a compose file declares; a file that cannot be read declares none here
    /// and is reported when its group is loaded.
    static func serviceNames(_ file: String, environment: [String: String]) -> Set<String> {
        guard let project = try? ComposeLoader(environment: environment).load(file) else { return [] }
        return Set(project.services.map(\.name))
    }
}
