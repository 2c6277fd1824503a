import Foundation
import TestSupport
import Testing

/// `stagecraft init` on a project of each kind: files that lint with no finding; nothing
/// overwritten without --force; --dry-run writes nothing. With the engine, the Node, Python, Go and
/// Rust projects' files build on local stand-ins for the upstream bases (Debian's toolchains) and
/// pass `stagecraft test`.
@Suite(.serialized) final class InitTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("init") }
    deinit {
        try? FileManager.default.removeItem(at: folder)
        let images = ["node-svc", "py-svc", "go-svc", "rust-svc"].flatMap { ["\($0):runtime", "\($0)-\($0):development"] }
        _ = try? Engine.docker(["image", "rm", "-f"] + images, timeout: 60)
    }

    static let projects: [String: [String: String]] = [
        "node-svc": [
            "package.json": #"{"name": "node-svc", "version": "1.0.0", "scripts": {"start": "node server.js"}}"#,
            "package-lock.json":
                #"{"name": "node-svc", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": {"": {"name": "node-svc", "version": "1.0.0"}}}"#,
            "server.js":
                "require('http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT || 8081), '0.0.0.0');\n",
        ],
        "py-svc": [
            "requirements.txt": "# no third-party packages\n",
            "app.py":
                "import os\nfrom http.server import BaseHTTPRequestHandler, HTTPServer\n\nclass H(BaseHTTPRequestHandler):\n    def do_GET(self):\n        self.send_response(200)\n        self.end_headers()\n        self.wfile.write(b'ok')\n\nHTTPServer(('0.0.0.0', int(os.environ.get('PORT', '8000'))), H).serve_forever()\n",
        ],
        "next-web": [
            "package.json": #"{"scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "14.2.0"}}"#,
            "package-lock.json": "{}",
        ],
        "go-svc": [
            "go.mod": "module example.com/svc\n\ngo 1.19\n",
            "main.go":
                "package main\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n)\n\nfunc main() {\n\thttp.HandleFunc(\"/\", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, \"ok\") })\n\thttp.ListenAndServe(\":8082\", nil)\n}\n",
        ],
        "rust-svc": [
            "Cargo.toml": "[package]\nname = \"svc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
            "src/main.rs":
                "use std::io::{Read, Write};\nuse std::net::TcpListener;\n\nfn main() {\n    let listener = TcpListener::bind(\"0.0.0.0:8083\").expect(\"bind\");\n    for stream in listener.incoming().flatten() {\n        let mut stream = stream;\n        let mut buffer = [0u8; 1024];\n        let _ = stream.read(&mut buffer);\n        let _ = stream.write_all(b\"HTTP/1.1 200 OK\\r\\ncontent-length: 3\\r\\n\\r\\nok\\n\");\n    }\n}\n",
        ],
        "swift-svc": ["Package.swift": "let package = Package(name: \"S\", targets: [.executableTarget(name: \"Serve\")])\n"],
    ]

    func write(_ name: String) throws -> URL {
        let root = folder.appendingPathComponent(name)
        for (path, text) in Self.projects[name] ?? [:] {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    func stagecraft(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> ProcessResult {
        try ProcessRunner.run(
            Paths.stagecraft.path, arguments,
            environment: environment.merging(["STAGECRAFT_DOCKER": Engine.client, "CI": "true"]) { $1 }, directory: directory,
            timeout: 900)
    }

    @Test(arguments: ["node-svc", "py-svc", "next-web", "go-svc", "rust-svc", "swift-svc"])
    func theFilesWrittenLintClean(project: String) throws {
        let root = try write(project)
        let initialized = try stagecraft(["init"], in: root)
        #expect(initialized.status == 0, "\(initialized.stderrText)")
        for file in ["Dockerfile", ".dockerignore", "compose.yaml", ".stagecraft.yml"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path), "\(file)")
        }
        let linted = try stagecraft(["lint", "."], in: root)
        #expect(linted.status == 0 && linted.stdoutText.contains("no problems"), "\(linted.stdoutText)")
        let config = try stagecraft(["config", "show"], in: root)
        #expect(config.status == 0, "the settings written are valid: \(config.stderrText)")
    }

    @Test func nothingIsOverwrittenWithoutForceAndDryRunWritesNothing() throws {
        let root = try write("node-svc")
        try Data("FROM scratch\n".utf8).write(to: root.appendingPathComponent("Dockerfile"))
        let dry = try stagecraft(["init", "--dry-run"], in: root)
        #expect(dry.status == 0 && dry.stdoutText.contains("==> compose.yaml <=="))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("compose.yaml").path))
        let refused = try stagecraft(["init"], in: root)
        #expect(
            refused.status == 2 && refused.stderrText.contains("already exists; nothing was written"), "\(refused.stderrText)")
        #expect(try String(contentsOf: root.appendingPathComponent("Dockerfile"), encoding: .utf8) == "FROM scratch\n")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("compose.yaml").path))
        let forced = try stagecraft(["init", "--force"], in: root)
        let written = try String(contentsOf: root.appendingPathComponent("Dockerfile"), encoding: .utf8)
        #expect(forced.status == 0 && written.contains("AS runtime"))
        let unknown = try stagecraft(["init"], in: folder)
        #expect(unknown.status == 2 && unknown.stderrText.contains("nothing stagecraft init knows"))
    }

    /// The build arguments scripts/make-toolchain-bases.sh prints for the Go and Rust stand-ins.
    static let toolchains: Result<[String: String], any Error> = Result {
        let script = Paths.packageRoot.appendingPathComponent("scripts/make-toolchain-bases.sh")
        let made = try ProcessRunner.run(
            "/bin/bash", [script.path], environment: ["STAGECRAFT_DOCKER": Engine.client], timeout: 1800)
        guard made.status == 0 else { throw TestFailure("make-toolchain-bases.sh failed: \(made.stderrText.suffix(2000))") }
        var arguments: [String: String] = [:]
        for line in made.stdoutText.split(separator: "\n") {
            let pair = line.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { arguments[pair[0]] = pair[1] }
        }
        return arguments
    }

    @Test(.enabled(if: Engine.isUsable || Paths.isCI, "no Docker engine answers; scripts/engine.sh starts one"))
    func nodePythonGoAndRustBuildAndPassStagecraftTest() throws {
        let bases = try DinoAirEngineTests.bases.get()
        let toolchains = try Self.toolchains.get()
        for (project, arguments) in [
            ("node-svc", ["--build-arg", "NODE_IMAGE=\(bases["NODE_IMAGE"] ?? "")"]),
            ("py-svc", ["--build-arg", "PYTHON_IMAGE=\(bases["PYTHON_IMAGE"] ?? "")"]),
            (
                "go-svc",
                [
                    "--build-arg", "GO_IMAGE=\(toolchains["GO_IMAGE"] ?? "")", "--build-arg",
                    "RUNTIME_IMAGE=stagecraft/busybox:local",
                ]
            ),
            (
                "rust-svc",
                [
                    "--build-arg", "RUST_IMAGE=\(toolchains["RUST_IMAGE"] ?? "")", "--build-arg",
                    "RUNTIME_IMAGE=stagecraft/debian:bookworm",
                ]
            ),
        ] {
            let root = try write(project)
            #expect(try stagecraft(["init", "--force"], in: root).status == 0)
            let built = try stagecraft(["build", "--target", "runtime,development", "--no-history"] + arguments, in: root)
            #expect(built.status == 0, "\(project): \(built.stdoutText)\(built.stderrText.suffix(2000))")
            let tested = try stagecraft(["test", "--no-history"], in: root)
            #expect(tested.status == 0, "\(project): \(tested.stdoutText)")
            #expect(tested.stdoutText.contains("2 of 2 image(s) passed"), "\(tested.stdoutText)")
        }
    }
}
