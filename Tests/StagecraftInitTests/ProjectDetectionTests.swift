import Foundation
import StagecraftInit
import TestSupport
import Testing

/// What `stagecraft init` reads from a folder: the kind of project, its entry, port, lock file and
/// toolchain version, each from the project's own files.
@Suite final class ProjectDetectionTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("init-detect") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func project(_ name: String, _ files: [String: String]) throws -> DetectedProject? {
        let root = folder.appendingPathComponent(name)
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return ProjectDetection.detect(root.path)
    }

    @Test func aNodeServiceFromItsStartScriptLockFileAndListenCall() throws {
        let found = try #require(
            try project(
                "Shop_API",
                [
                    "package.json": #"{"scripts": {"start": "node src/server.js"}, "engines": {"node": ">=22.1"}}"#,
                    "yarn.lock": "", "src/server.js": "app.listen(process.env.PORT || 4000)\n",
                ]))
        #expect(found.kind == .node && found.name == "shop_api" && found.entry == "src/server.js" && found.port == 4000)
        #expect(found.packageManager == .yarn && found.lockFile == "yarn.lock" && found.toolchainVersion == "22")
        #expect(found.evidence.contains("port 4000 (src/server.js)"))
    }

    @Test func nextJsByItsDependency() throws {
        let found = try #require(
            try project(
                "web",
                ["package.json": #"{"scripts": {"build": "next build", "start": "next start -p 3100"}, "dependencies": {"next": "14"}}"#])
        )
        #expect(found.kind == .nextjs && found.port == 3100 && found.lockFile == nil)
    }

    @Test func pythonModulesVersionsAndFlasksPort() throws {
        let module = try #require(
            try project(
                "svc",
                [
                    "pyproject.toml": "[project]\nname = \"svc\"\nrequires-python = \">=3.11\"\n",
                    "app/main.py": "serve(port=8081)\n",
                ]))
        #expect(module.kind == .python && module.entry == "app.main" && module.pythonModule && module.port == 8081)
        #expect(module.toolchainVersion == "3.11" && module.pythonRequirements == nil)
        let flask = try #require(try project("flasky", ["requirements.txt": "Flask==3.0\n", "app.py": "app = Flask(__name__)\n"]))
        #expect(flask.entry == "app.py" && flask.port == 5000 && flask.pythonRequirements == "requirements.txt")
    }

    @Test func goRustAndSwift() throws {
        let go = try #require(try project("gosvc", ["go.mod": "module x\n\ngo 1.23\n", "cmd/main.go": "http.ListenAndServe(\":9090\", nil)\n"]))
        #expect(go.kind == .go && go.toolchainVersion == "1.23" && go.port == 9090)
        let rust = try #require(try project("r", ["Cargo.toml": "[package]\nname = \"engine\"\n\n[dependencies]\nname = \"x\"\n"]))
        #expect(rust.kind == .rust && rust.entry == "engine")
        let swift = try #require(
            try project("s", ["Package.swift": "products: [.executable(name: \"serve\", targets: [\"Serve\"])]\n"]))
        #expect(swift.kind == .swift && swift.entry == "serve")
        #expect(try project("empty", ["README.md": "hello\n"]) == nil)
    }
}
