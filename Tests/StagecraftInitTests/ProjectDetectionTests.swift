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
                    "package.json":
                        #"{"scripts": {"start": "node src/server.js", "prepare": "husky install"}, "engines": {"node": "22.x"}}"#,
                    "yarn.lock": "",
                    "src/server.js": "// the tracer talks to localhost:4317\napp.listen(process.env.PORT || 4000)\n",
                ]))
        #expect(found.kind == .node && found.name == "shop_api" && found.entry == "src/server.js" && found.port == 4000)
        #expect(found.packageManager == .yarn && found.lockFile == "yarn.lock" && found.toolchainVersion == "22")
        #expect(found.evidence.contains("port 4000 (src/server.js)") && found.ignoreInstallScripts)
        let open = try #require(try project("old", ["package.json": #"{"engines": {"node": ">=12.0.0"}}"#, "app.js": ""]))
        #expect(open.toolchainVersion == "20" && open.entry == "app.js", "a lower bound is met by the current LTS")
        let typescript = try #require(
            try project(
                "ts",
                [
                    "package.json": #"{"scripts": {"build": "tsc", "start": "node src/main.ts"}}"#,
                    "tsconfig.json": #"{"compilerOptions": {"outDir": "./build"}}"#,
                ]))
        #expect(typescript.entry == "build/main.js" && typescript.buildOutput == "build")
    }

    @Test func nextJsByItsDependency() throws {
        let found = try #require(
            try project(
                "web",
                [
                    "package.json":
                        #"{"scripts": {"build": "next build", "start": "next start -p 3100"}, "dependencies": {"next": "14"}}"#
                ])
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
        let flask = try #require(
            try project("flasky", ["requirements.txt": "Flask==3.0\ngunicorn\n", "app.py": "app = Flask(__name__)\n"]))
        #expect(flask.entry == "app.py" && flask.port == 5000 && flask.pythonRequirements == "requirements.txt")
        #expect(flask.command == ["gunicorn", "--bind", "0.0.0.0:5000", "app:app"])
        let procfile = try #require(
            try project(
                "heroku",
                [
                    "requirements.txt": "django\ngunicorn\n", ".python-version": "# pinned\n3.13\n",
                    "Procfile": "web: gunicorn --bind 0.0.0.0:9000 site.wsgi\n",
                ]))
        #expect(procfile.command == ["gunicorn", "--bind", "0.0.0.0:9000", "site.wsgi"] && procfile.port == 9000)
        #expect(procfile.toolchainVersion == "3.13")
        let django = try #require(
            try project(
                "dj",
                [
                    "requirements.txt": "Django==5.0\n",
                    "manage.py": "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
                ]))
        #expect(django.command == ["python", "manage.py", "runserver", "0.0.0.0:8000"] && django.port == 8000)
        let fastapi = try #require(
            try project("api", ["requirements.txt": "fastapi\nuvicorn\n", "app/main.py": "app = FastAPI()\n"]))
        #expect(fastapi.command == ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"])
    }

    @Test func goRustAndSwift() throws {
        let go = try #require(
            try project(
                "gosvc",
                [
                    "go.mod": "module x\n\ngo 1.23\n", "cmd/api/main.go": "package main\n\nhttp.ListenAndServe(\":9090\", nil)\n",
                    "internal/trace.go": "package trace\nconst endpoint = \"localhost:4317\"\n",
                ]))
        #expect(go.kind == .go && go.toolchainVersion == "1.23" && go.port == 9090)
        #expect(go.sourcePath == "./cmd/api" && go.entry == "api")
        let rust = try #require(
            try project(
                "r",
                ["Cargo.toml": "[package]\nname = \"engine\"\n\n[[bin]]\nname = \"engine-server\"\npath = \"src/server.rs\"\n"]))
        #expect(rust.kind == .rust && rust.entry == "engine-server" && rust.lockFile == nil)
        let swift = try #require(
            try project(
                "s",
                [
                    "Package.swift":
                        "// swift-tools-version:6.2\n.package(url: \"https://github.com/hummingbird-project/hummingbird.git\", from: \"2.0.0\")\nproducts: [.executable(name: \"serve\", targets: [\"Serve\"])]\n"
                ]))
        #expect(swift.kind == .swift && swift.entry == "serve" && swift.toolchainVersion == "6.2")
        #expect(swift.serverArguments == ["--hostname", "0.0.0.0", "--port", "8080"])
        #expect(try project("empty", ["README.md": "hello\n"]) == nil)
    }
}
