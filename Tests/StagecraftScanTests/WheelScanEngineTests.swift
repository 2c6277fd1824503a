import Foundation
import TestSupport
import Testing

/// Python packages installed with pip from wheels vendored into the build context (downloaded
/// here, pinned), some at versions the PyPI advisory database lists as vulnerable and one at a
/// fixed version, scanned with that database: the vulnerabilities are those `packaging` finds by
/// evaluating the same OSV ranges, and the fixed version has none.
@Suite(.serialized) final class WheelScanEngineTests {
    private let folder: URL
    static let tag = "stagecraft-test/wheels:1"
    /// Vulnerable: requests 2.19.1 (CVE-2018-18074 and later), urllib3 1.24.1; fixed: idna 3.7.
    static let wheels = ["requests==2.19.1", "urllib3==1.24.1", "idna==3.7", "pip==24.0"]

    init() throws { folder = try Paths.temporaryDirectory("wheels") }
    deinit {
        try? FileManager.default.removeItem(at: folder)
        _ = try? Engine.docker(["image", "rm", "-f", Self.tag], timeout: 120)
    }

    @Test func vulnerableWheelsAreFoundAsPackagingEvaluatesTheAdvisories() throws {
        let database = Paths.packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/vulndata/pypa-advisory-database/vulns")
        guard Engine.isUsable, Paths.exists(database) else {
            if Paths.isCI { Issue.record("the engine and ../shared/vulndata are needed (scripts/engine.sh)") }
            return
        }
        let base = try ProcessRunner.run(
            "/bin/bash", [Paths.packageRoot.appendingPathComponent("scripts/make-debian-base.sh").path], timeout: 900)
        try #require(base.status == 0, "the Debian base image: \(base.stderrText)")
        let wheelhouse = folder.appendingPathComponent("wheels")
        let download = try ProcessRunner.run(
            "/usr/bin/env",
            ["python3", "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "--dest", wheelhouse.path]
                + Self.wheels, timeout: 600)
        try #require(download.status == 0, "pip download: \(download.stderrText)")
        // pip runs from its own wheel; Debian's Python is externally managed, so the install says
        // it means it.
        try Data(
            """
            FROM stagecraft/debian:bookworm
            RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
            COPY wheels /wheels
            RUN python3 /wheels/pip-24.0-py3-none-any.whl/pip install --no-index --no-deps --break-system-packages \\
                    --root-user-action=ignore /wheels/requests-*.whl /wheels/urllib3-*.whl /wheels/idna-*.whl \\
                && rm -rf /wheels

            """.utf8
        ).write(to: folder.appendingPathComponent("Dockerfile"))
        let build = try Engine.docker(["build", "-q", "-t", Self.tag, folder.path], timeout: 900)
        try #require(build.status == 0, "docker build: \(build.stderrText)")

        let scan = try ProcessRunner.run(
            Paths.stagecraft.path,
            [
                "scan", Self.tag, "--scanners", "vuln", "--advisories", database.path, "--format", "json", "--dockerfile",
                folder.appendingPathComponent("Dockerfile").path,
            ],
            environment: ["STAGECRAFT_DOCKER": Engine.client], timeout: 600)
        try #require(scan.status == 0, "\(scan.stderrText)")
        let document = try #require(try JSONSerialization.jsonObject(with: scan.stdout) as? [String: Any])
        let found = (document["vulnerabilities"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "python" }
        var ours: [String: Set<String>] = [:]
        for entry in found {
            let advisory = URL(fileURLWithPath: entry["advisory"] as? String ?? "").deletingPathExtension().lastPathComponent
            ours[entry["package"] as? String ?? "", default: []].insert(advisory)
        }
        #expect(found.allSatisfy { ($0["dockerfileLine"] as? String)?.hasSuffix("Dockerfile:4") == true }, "the pip RUN line")

        // The independent check: every record of each package, evaluated by packaging.
        let script = """
            import json, os, sys, yaml
            root = sys.argv[1]
            \(OSVOracle.functions)
            found = {}
            for pair in sys.argv[2:]:
                name, version = pair.split("==")
                folder = os.path.join(root, name)
                for file in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
                    record = yaml.safe_load(open(os.path.join(folder, file)))
                    for entry in record.get("affected") or []:
                        if entry.get("package", {}).get("name", "").lower() == name and affected(entry, version):
                            found.setdefault(name, []).append(record["id"])
            print(json.dumps(found))
            """
        let pairs = Self.wheels.filter { !$0.hasPrefix("pip==") }
        let oracle = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", script, database.path] + pairs, timeout: 300)
        try #require(oracle.status == 0, "\(oracle.stderrText)")
        let expected = try #require(try JSONSerialization.jsonObject(with: oracle.stdout) as? [String: [String]])
            .mapValues(Set.init)
        #expect(ours == expected, "stagecraft \(ours), packaging \(expected)")
        #expect(ours["requests"]?.isEmpty == false && ours["urllib3"]?.isEmpty == false)
        #expect(ours["idna"] == nil, "idna 3.7 is the fixed version")
    }
}
