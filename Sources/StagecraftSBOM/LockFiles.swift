import Foundation
import StagecraftReporting

/// npm's `package-lock.json`, as syft's lock cataloger reads it: lockfile versions 2 and 3 list
/// every installed path under `packages` (`""` is the project itself); version 1 nests
/// `dependencies` (syft reads only the top level of those and leaves the project out; the nested
/// ones are installed too, so they are listed). Development dependencies (`"dev": true`) are left out, as they are from a
/// production install; linked workspace folders (`"link": true`) are not registry packages.
enum NpmLockFile {
    static func packages(_ bytes: [UInt8]) -> [Catalogers.Entry] {
        guard let root = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else { return [] }
        var entries: [Catalogers.Entry] = []
        if let packages = root["packages"] as? [String: Any] {
            for (path, value) in packages {
                guard let package = value as? [String: Any], package["dev"] as? Bool != true, package["link"] as? Bool != true
                else { continue }
                // The name is the path after its last node_modules/ (kept with its scope), unless given.
                let fromPath = path.range(of: "node_modules/", options: .backwards).map { String(path[$0.upperBound...]) }
                guard let name = package["name"] as? String ?? fromPath ?? (path.isEmpty ? root["name"] as? String : nil),
                    let version = package["version"] as? String ?? (path.isEmpty ? root["version"] as? String : nil),
                    !name.isEmpty, !version.isEmpty
                else { continue }
                entries.append(Catalogers.Entry(name: name, version: version, kind: .npm))
            }
        } else if let dependencies = root["dependencies"] as? [String: Any] {
            func walk(_ dependencies: [String: Any]) {
                for (name, value) in dependencies {
                    guard let dependency = value as? [String: Any], dependency["dev"] as? Bool != true else { continue }
                    if let version = dependency["version"] as? String, !version.hasPrefix("file:") {
                        entries.append(Catalogers.Entry(name: name, version: version, kind: .npm))
                    }
                    if let nested = dependency["dependencies"] as? [String: Any] { walk(nested) }
                }
            }
            walk(dependencies)
        }
        return entries
    }
}

extension ImageCatalog {
    /// The packages a build context's lock files pin (`package-lock.json`, outside
    /// `node_modules` and `.git`): what an image built from it will install. Layers do not apply
    /// (0), and the instruction is empty.
    public init(folder: String) throws(FileProblem) {
        image = folder
        distribution = nil
        var found: [SoftwarePackage] = []
        let root = URL(fileURLWithPath: folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey]) else {
            throw FileProblem(
                folder, "cannot be read as a folder", remedy: "give a build context folder, an image archive or an image name")
        }
        for case let url as URL in walker {
            let name = url.lastPathComponent
            if name == "node_modules" || name == ".git" {
                walker.skipDescendants()
                continue
            }
            guard name == "package-lock.json", let data = FileManager.default.contents(atPath: url.path) else { continue }
            let relative = String(url.path.dropFirst(root.path.count))
            for entry in NpmLockFile.packages(Array(data)) {
                found.append(
                    SoftwarePackage(
                        name: entry.name, version: entry.version, kind: .npm, sourceName: nil, sourceVersion: nil,
                        architecture: nil, location: relative.hasPrefix("/") ? relative : "/" + relative, layer: 0,
                        instruction: "", purl: Self.purl(entry, nil)))
            }
        }
        packages = found.sorted { ($0.name, $0.version, $0.location) < ($1.name, $1.version, $1.location) }
    }
}
