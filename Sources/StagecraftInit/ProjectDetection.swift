import Foundation
import StagecraftReporting

/// What a folder holds, read from its own files (manifests, lock files, start scripts, the port the
/// code listens on) rather than asked: what `stagecraft init` writes its files for.
public struct DetectedProject: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case nextjs, node, python, go, rust, swift
    }

    public enum NodePackageManager: String, Sendable {
        case npm, yarn, pnpm
    }

    public var kind: Kind
    /// The service's name: the folder's, as compose names services.
    public var name: String
    public var port: Int
    /// What the runtime runs: `server.js`, `app.main`, the binary's name.
    public var entry: String
    /// Facts the templates use: the package manager, the lock file, the toolchain version.
    public var packageManager: NodePackageManager = .npm
    public var lockFile: String?
    public var hasBuildScript = false
    public var pythonRequirements: String?
    public var pythonModule = false
    public var toolchainVersion: String
    /// Why each fact is what it is, for `--dry-run` and the summary: `port 8080 (server.js: listen(8080))`.
    public var evidence: [String] = []
}

public enum ProjectDetection {
    /// What `folder` holds; nil when nothing stagecraft knows is there.
    public static func detect(_ folder: String) -> DetectedProject? {
        let name = serviceName(URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent)
        func text(_ file: String) -> String? {
            FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(file)).map {
                String(decoding: $0, as: UTF8.self)
            }
        }
        func exists(_ file: String) -> Bool {
            FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(file))
        }
        if let manifest = text("package.json"),
            let json = try? JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any]
        {
            return node(json, name: name, text: text, exists: exists)
        }
        if exists("requirements.txt") || exists("pyproject.toml") {
            return python(name: name, text: text, exists: exists)
        }
        if let module = text("go.mod") {
            var project = DetectedProject(
                kind: .go, name: name, port: 8080, entry: name, toolchainVersion: goVersion(module) ?? "1.22")
            project.evidence.append("Go module \(module.split(separator: "\n").first.map(String.init) ?? "")")
            listeningPort(in: folder, extensions: ["go"]).map { record($0, into: &project) }
            return project
        }
        if let cargo = text("Cargo.toml") {
            let package = tomlValue("name", in: cargo, section: "package") ?? name
            var project = DetectedProject(kind: .rust, name: name, port: 8080, entry: package, toolchainVersion: "1")
            project.evidence.append("Cargo package \(package)")
            listeningPort(in: folder, extensions: ["rs"]).map { record($0, into: &project) }
            return project
        }
        if let manifest = text("Package.swift") {
            let product =
                firstMatch(#/\.executable\(\s*name:\s*"([^"]+)"/#, in: manifest)
                ?? firstMatch(#/\.executableTarget\(\s*name:\s*"([^"]+)"/#, in: manifest) ?? name
            var project = DetectedProject(kind: .swift, name: name, port: 8080, entry: product, toolchainVersion: "6.0")
            project.evidence.append("Swift executable \(product)")
            listeningPort(in: folder, extensions: ["swift"]).map { record($0, into: &project) }
            return project
        }
        return nil
    }

    /// A compose service name: lower case letters, digits, `-` and `_`.
    static func serviceName(_ folder: String) -> String {
        let name = String(folder.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
        return name.isEmpty || name == "-" ? "app" : name
    }

    private static func node(
        _ json: [String: Any], name: String, text: (String) -> String?, exists: (String) -> Bool
    ) -> DetectedProject {
        let dependencies = (json["dependencies"] as? [String: Any] ?? [:]).keys
        let scripts = json["scripts"] as? [String: String] ?? [:]
        let isNext = dependencies.contains("next")
        var project = DetectedProject(
            kind: isNext ? .nextjs : .node, name: name, port: 3000, entry: "server.js", toolchainVersion: "20")
        project.evidence.append(isNext ? "package.json depends on next" : "package.json")
        for (file, manager) in [("pnpm-lock.yaml", .pnpm), ("yarn.lock", .yarn), ("package-lock.json", .npm)]
            as [(String, DetectedProject.NodePackageManager)] where exists(file)
        {
            project.packageManager = manager
            project.lockFile = file
            project.evidence.append("lock file \(file)")
            break
        }
        project.hasBuildScript = scripts["build"] != nil
        if !isNext {
            // The file `npm start` runs, else `main`, else server.js.
            let start = scripts["start"].flatMap { firstMatch(#/node\s+([\w./-]+\.[cm]?js)/#, in: $0) }
            project.entry = start ?? (json["main"] as? String) ?? (exists("index.js") && !exists("server.js") ? "index.js" : "server.js")
            project.evidence.append("entry \(project.entry)" + (start != nil ? " (the start script)" : ""))
            if let source = text(project.entry), let port = port(in: source) {
                project.port = port
                project.evidence.append("port \(port) (\(project.entry))")
            }
        } else if let start = scripts["start"], let port = firstMatch(#/-p\s+(\d+)/#, in: start).flatMap(Int.init) {
            project.port = port
            project.evidence.append("port \(port) (the start script)")
        }
        if let engines = (json["engines"] as? [String: Any])?["node"] as? String,
            let major = firstMatch(#/(\d{2})/#, in: engines)
        {
            project.toolchainVersion = major
            project.evidence.append("Node \(major) (engines)")
        }
        return project
    }

    private static func python(name: String, text: (String) -> String?, exists: (String) -> Bool) -> DetectedProject {
        var project = DetectedProject(kind: .python, name: name, port: 8000, entry: "app.py", toolchainVersion: "3.12")
        let requirements = text("requirements.txt") ?? ""
        let pyproject = text("pyproject.toml") ?? ""
        if exists("requirements.txt") {
            project.pythonRequirements = "requirements.txt"
            project.evidence.append("requirements.txt")
        } else {
            project.evidence.append("pyproject.toml")
        }
        if let version = firstMatch(#/requires-python\s*=\s*"[^\d]*(3\.\d+)/#, in: pyproject)
            ?? text(".python-version").flatMap({ firstMatch(#/^(3\.\d+)/#, in: $0) })
        {
            project.toolchainVersion = version
            project.evidence.append("Python \(version)")
        }
        // The module to run: app/main.py as `app.main`, else the first of the usual files.
        if exists("app/main.py") {
            project.entry = "app.main"
            project.pythonModule = true
        } else if let file = ["main.py", "app.py", "server.py", "wsgi.py"].first(where: exists) {
            project.entry = file
        }
        project.evidence.append("entry \(project.entry)")
        let source = project.pythonModule ? text("app/main.py") : text(project.entry)
        let everything = (requirements + pyproject).lowercased()
        if let source, let port = port(in: source) {
            project.port = port
            project.evidence.append("port \(port) (\(project.entry))")
        } else if everything.contains("flask") {
            project.port = 5000
            project.evidence.append("port 5000 (Flask's default)")
        }
        return project
    }

    /// The first port a source file listens on: `listen(8080`, `PORT || 3000`, `port=8000`, `:8080"`.
    static func port(in source: String) -> Int? {
        let patterns = [
            #/listen\(\s*(\d{2,5})/#, #/PORT\s*(?:\|\||\?\?|,|or)\s*['"]?(\d{2,5})/#, #/port\s*[=:]\s*(\d{2,5})/#,
            #/"[\w.]*:(\d{2,5})"/#,
        ]
        for pattern in patterns {
            if let match = firstMatch(pattern, in: source), let port = Int(match), (1...65535).contains(port) { return port }
        }
        return nil
    }

    private static func listeningPort(in folder: String, extensions: Set<String>) -> (Int, String)? {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return nil }
        var checked = 0
        while let file = walker.nextObject() as? String, checked < 200 {
            guard extensions.contains((file as NSString).pathExtension), !file.contains("/vendor/"), !file.hasPrefix("target/"),
                !file.hasPrefix(".build/")
            else { continue }
            checked += 1
            if let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(file)),
                let port = port(in: String(decoding: data, as: UTF8.self))
            {
                return (port, file)
            }
        }
        return nil
    }

    private static func record(_ found: (Int, String), into project: inout DetectedProject) {
        project.port = found.0
        project.evidence.append("port \(found.0) (\(found.1))")
    }

    private static func goVersion(_ module: String) -> String? { firstMatch(#/(?m)^go\s+(\d+\.\d+)/#, in: module) }

    private static func tomlValue(_ key: String, in text: String, section: String) -> String? {
        var inSection = false
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("[") { inSection = line == "[\(section)]" }
            if inSection, line.hasPrefix(key), let value = firstMatch(#/=\s*"([^"]+)"/#, in: line) { return value }
        }
        return nil
    }

    static func firstMatch(_ pattern: Regex<(Substring, Substring)>, in text: String) -> String? {
        (try? pattern.firstMatch(in: text)).map { String($0.output.1) }
    }
}
