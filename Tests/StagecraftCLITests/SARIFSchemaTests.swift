import Foundation
import TestSupport
import Testing

/// The SARIF stagecraft writes (lint, inspect, scan), read back by sarif-pydantic, whose models
/// follow the SARIF 2.1.0 schema: required properties, types and enumerations (levels, kinds).
@Suite struct SARIFSchemaTests {
    static let reader = """
        import sys
        from sarif_pydantic import Sarif
        for path in sys.argv[1:]:
            log = Sarif.model_validate_json(open(path).read())
            assert log.version == "2.1.0", path
            results = sum(len(run.results or []) for run in log.runs)
            print(f"{path}: {len(log.runs)} run(s), {results} result(s)")
        """

    @Test func lintInspectAndScanWriteSARIFTheSchemaAccepts() throws {
        guard let python = Paths.executable(named: "python3"),
            (try? ProcessRunner.run(python, ["-c", "import sarif_pydantic"]))?.status == 0
        else {
            if Paths.isCI { Issue.record("sarif-pydantic is not installed; scripts/test.sh installs it") }
            return
        }
        let folder = try Paths.temporaryDirectory("sarif")
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [String] = []
        for (name, arguments) in [
            ("lint", ["lint", "--format", "sarif", "examples/shop-broken"]),
            ("inspect", ["inspect", "--format", "sarif", "--ci", "Tests/StagecraftImageTests/Fixtures/engine-layers.tar"]),
            (
                "scan",
                ["scan", "--format", "sarif", "--scanners", "secret", "Tests/StagecraftImageTests/Fixtures/engine-layers.tar"]
            ),
        ] {
            let result = try ProcessRunner.run(Paths.stagecraft.path, arguments, directory: Paths.packageRoot)
            #expect(result.stdout.count > 100, "\(name): \(result.stderrText)")
            let file = folder.appendingPathComponent("\(name).sarif")
            try result.stdout.write(to: file)
            files.append(file.path)
        }
        let read = try ProcessRunner.run(python, ["-c", Self.reader] + files)
        #expect(read.status == 0, "\(read.stderrText.suffix(2000))")
        #expect(read.stdoutText.contains("lint.sarif: 1 run(s)"), "\(read.stdoutText)")
        #expect(!read.stdoutText.contains("lint.sarif: 1 run(s), 0 result(s)"), "the broken sample has findings")
    }
}
