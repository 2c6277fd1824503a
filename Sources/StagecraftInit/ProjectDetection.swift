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
    /// The runtime command when the project says how it starts (a Procfile, a server module), as
    /// exec-form words; nil to run `entry` the usual way.
    public var command: [String]?
    /// The folder of a Go main package (`.`, `./cmd/api`); the built files of a Node build.
    public var sourcePath = "."
    public var buildOutput = "dist"
    /// The project's own install scripts (postinstall, prepare) need its source: installs skip them.
    public var ignoreInstallScripts = false
    /// Extra arguments a Swift server needs to listen on every interface.
    public var serverArguments: [String] = []
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
            let path = firstMatch(#/(?m)^module\s+(\S+)/#, in: module) ?? name
            project.evidence.append("Go module \(path)")
            if let main = goMainPackage(folder) {
                project.sourcePath = main == "" ? "." : "./" + main
                if !main.isEmpty { project.entry = serviceName(URL(fileURLWithPath: main).lastPathComponent) }
                project.evidence.append("main package \(project.sourcePath)")
                listeningPort(in: (folder as NSString).appendingPathComponent(main), extensions: ["go"], depth: 1).map {
                    record($0, into: &project)
                }
            }
            return project
        }
        if let cargo = text("Cargo.toml") {
            let package = tomlValue("name", in: cargo, section: "package") ?? name
            // The binary: a [[bin]] (a server first), else src/bin/*.rs, else the package's own.
            let bins = cargo.matches(of: #/\[\[bin\]\][^\[]*?name\s*=\s*"([^"]+)"/#).map { String($0.output.1) }
            let binary =
                (bins.first { $0.contains("server") } ?? bins.first)
                ?? (try? FileManager.default.contentsOfDirectory(atPath: (folder as NSString).appendingPathComponent("src/bin")))?
                .filter { $0.hasSuffix(".rs") }.sorted().first.map { String($0.dropLast(3)) } ?? package
            var project = DetectedProject(kind: .rust, name: name, port: 8080, entry: binary, toolchainVersion: "1")
            if exists("Cargo.lock") { project.lockFile = "Cargo.lock" }
            project.evidence.append("Cargo package \(package), binary \(binary)")
            listeningPort(in: folder, extensions: ["rs"]).map { record($0, into: &project) }
            return project
        }
        if let manifest = text("Package.swift") {
            let declared =
                firstMatch(#/\.executable\(\s*name:\s*"([^"]+)"/#, in: manifest)
                ?? firstMatch(#/\.executableTarget\(\s*name:\s*"([^"]+)"/#, in: manifest)
            // A template's placeholder ({{name}}) is not a product.
            let product = declared.flatMap { $0.contains("{") ? nil : $0 } ?? name
            let tools = firstMatch(#/swift-tools-version:\s*(\d+\.\d+)/#, in: manifest) ?? "6.0"
            var project = DetectedProject(
                kind: .swift, name: name, port: 8080, entry: product,
                toolchainVersion: [tools, "5.10"].max(by: versionOrder) ?? tools)
            project.evidence.append("Swift executable \(product), tools \(tools)")
            if manifest.contains("hummingbird") {
                project.serverArguments = ["--hostname", "0.0.0.0", "--port", "8080"]
                project.evidence.append("Hummingbird: --hostname 0.0.0.0")
            } else if manifest.contains("vapor/vapor") {
                project.serverArguments = ["serve", "--hostname", "0.0.0.0", "--port", "8080"]
                project.evidence.append("Vapor: serve --hostname 0.0.0.0")
            }
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
        if scripts.keys.contains(where: { ["preinstall", "install", "postinstall", "prepare"].contains($0) }) {
            project.ignoreInstallScripts = true
            project.evidence.append("install scripts skipped in the dependency stages (they need the source)")
        }
        if let tsconfig = text("tsconfig.json"), let outDir = firstMatch(#/"outDir"\s*:\s*"\.?/?([^"]+)"/#, in: tsconfig) {
            project.buildOutput = outDir
        }
        if !isNext {
            // The file `npm start` runs, else `main`, else the first usual file that exists.
            let start = scripts["start"].flatMap { firstMatch(#/node\s+([\w./-]+\.[cm]?[jt]s)/#, in: $0) }
            let usual = ["server.js", "index.js", "app.js", "main.js", "src/server.js", "src/index.js", "src/app.js"]
            project.entry = start ?? (json["main"] as? String) ?? usual.first(where: exists) ?? "server.js"
            if project.entry.hasSuffix(".ts") {
                // Built TypeScript runs from the build output.
                let file = (project.entry as NSString).lastPathComponent
                project.entry = "\(project.buildOutput)/\((file as NSString).deletingPathExtension).js"
            }
            project.evidence.append(
                "entry \(project.entry)"
                    + (start != nil ? " (the start script)" : exists(project.entry) ? "" : " (not found: edit CMD)"))
            if let source = text(project.entry) ?? start.flatMap(text), let port = port(in: source) {
                project.port = port
                project.evidence.append("port \(port) (\(project.entry))")
            }
        } else if let start = scripts["start"], let port = firstMatch(#/-p\s+(\d+)/#, in: start).flatMap(Int.init) {
            project.port = port
            project.evidence.append("port \(port) (the start script)")
        }
        if let engines = (json["engines"] as? [String: Any])?["node"] as? String,
            let major = firstMatch(#/(\d+)/#, in: engines).flatMap(Int.init)
        {
            // `>=12` is met by the current LTS; `18.x`, `^18` or `18` name the version.
            let open = engines.trimmingCharacters(in: .whitespaces).hasPrefix(">")
            project.toolchainVersion = String(open ? max(major, 20) : major)
            project.evidence.append("Node \(project.toolchainVersion) (engines: \(engines))")
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
            ?? text(".python-version").flatMap({ firstMatch(#/(?m)^(3\.\d+)/#, in: $0) })
        {
            project.toolchainVersion = version
            project.evidence.append("Python \(version)")
        }
        // How it starts: a Procfile's web process, Django's WSGI module, a FastAPI or Flask app, else
        // app/main.py as `app.main`, else the first of the usual files that exists.
        let everything = (requirements + pyproject).lowercased()
        let server = everything.contains("gunicorn") ? "gunicorn" : everything.contains("uvicorn") ? "uvicorn" : nil
        if exists("app/main.py") {
            project.entry = "app.main"
            project.pythonModule = true
        } else if let file = ["main.py", "app.py", "server.py", "run.py", "wsgi.py"].first(where: exists) {
            project.entry = file
        }
        let source = project.pythonModule ? text("app/main.py") : text(project.entry)
        let module = project.pythonModule ? project.entry : (project.entry as NSString).deletingPathExtension
        if let web = text("Procfile").flatMap({ firstMatch(#/(?m)^web:\s*(.+)$/#, in: $0) }) {
            project.command = web.split(separator: " ").map(String.init)
            project.evidence.append("Procfile web: \(web)")
        } else if exists("manage.py"), let wsgi = djangoSettingsPackage(text("manage.py") ?? "") {
            project.command =
                server == "gunicorn"
                ? ["gunicorn", "\(wsgi).wsgi", "--bind", "0.0.0.0:8000"] : ["python", "manage.py", "runserver", "0.0.0.0:8000"]
            project.evidence.append("Django project \(wsgi)")
        } else if everything.contains("fastapi"), let source, source.contains("FastAPI(") {
            project.command = ["uvicorn", "\(module):app", "--host", "0.0.0.0", "--port", "8000"]
            project.evidence.append("FastAPI app in \(module)")
        } else if everything.contains("flask"), let source, source.contains("Flask("), !source.contains("__main__") {
            project.port = 5000
            project.command =
                server == "gunicorn"
                ? ["gunicorn", "--bind", "0.0.0.0:5000", "\(module):app"]
                : ["flask", "--app", module, "run", "--host", "0.0.0.0", "--port", "5000"]
            project.evidence.append("Flask app in \(module)")
        }
        project.evidence.append(
            "entry \(project.entry)" + (exists(project.entry) || project.pythonModule ? "" : " (not found: edit CMD)"))
        if let bind = project.command.flatMap({ firstMatch(#/(?:0\.0\.0\.0)?:(\d{2,5})/#, in: $0.joined(separator: " ")) }),
            let port = Int(bind)
        {
            project.port = port
        } else if let source, let port = port(in: source) {
            project.port = port
            project.evidence.append("port \(port) (\(project.entry))")
        } else if everything.contains("flask") {
            project.port = 5000
            project.evidence.append("port 5000 (Flask's default)")
        }
        return project
    }

    /// The package holding Django's settings, from manage.py's DJANGO_SETTINGS_MODULE.
    static func djangoSettingsPackage(_ manage: String) -> String? {
        firstMatch(#/DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)\.settings/#, in: manage)
    }

    /// The folder of the Go main package: the root when a root .go file is `package main`, else
    /// cmd/<first>, else the first folder (two levels deep) holding one; nil when there is none.
    static func goMainPackage(_ folder: String) -> String? {
        func hasMain(_ relative: String) -> Bool {
            let path = (folder as NSString).appendingPathComponent(relative)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return files.contains { file in
                file.hasSuffix(".go") && !file.hasSuffix("_test.go")
                    && (FileManager.default.contents(atPath: (path as NSString).appendingPathComponent(file)).map {
                        String(decoding: $0, as: UTF8.self).contains("package main")
                    } ?? false)
            }
        }
        if hasMain("") { return "" }
        let manager = FileManager.default
        let cmd = ((try? manager.contentsOfDirectory(atPath: (folder as NSString).appendingPathComponent("cmd"))) ?? []).sorted()
        if let found = cmd.map({ "cmd/" + $0 }).first(where: hasMain) { return found }
        let top = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).sorted().filter {
            !$0.hasPrefix(".") && $0 != "vendor" && $0 != "cmd"
        }
        return top.first(where: hasMain)
    }

    static func versionOrder(_ left: String, _ right: String) -> Bool {
        let a = left.split(separator: ".").compactMap { Int($0) }
        let b = right.split(separator: ".").compactMap { Int($0) }
        return a.lexicographicallyPrecedes(b)
    }

    /// The port a source file listens on: `listen(8080`, `PORT || 3000`, `port=8000`, an address
    /// string `":8080"` or `"0.0.0.0:8080"`, in that order of trust; comments are skipped.
    static func port(in source: String) -> Int? {
        let code = source.split(separator: "\n").filter { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            return !["//", "#", "*", "/*", "///", "--"].contains(where: text.hasPrefix)
        }.joined(separator: "\n")
        let patterns = [
            #/listen\(\s*(\d{2,5})/#, #/PORT\s*(?:\|\||\?\?|,|or)\s*['"]?(\d{2,5})/#, #/\bport\s*[=:]\s*(\d{2,5})\b/#,
            #/"(?:0\.0\.0\.0)?:(\d{2,5})"/#,
        ]
        for pattern in patterns {
            if let match = firstMatch(pattern, in: code), let port = Int(match), (1...65535).contains(port) { return port }
        }
        return nil
    }

    /// The first port found in the source files under `folder` (at most `depth` levels down).
    private static func listeningPort(in folder: String, extensions: Set<String>, depth: Int = 6) -> (Int, String)? {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return nil }
        var checked = 0
        while let file = walker.nextObject() as? String, checked < 200 {
            guard extensions.contains((file as NSString).pathExtension), file.split(separator: "/").count <= depth,
                !file.contains("vendor/"), !file.hasPrefix("target/"), !file.hasPrefix(".build/"), !file.hasSuffix("_test.go"),
                !file.hasPrefix("Tests/")
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
