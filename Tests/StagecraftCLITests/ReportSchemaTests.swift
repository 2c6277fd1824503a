import Foundation
import TestSupport
import Testing

/// The reports lint, inspect and scan print, read back by their formats' own validators.
@Suite struct ReportSchemaTests {
    /// Runs lint, inspect and scan with `format` and saves each output in `folder`.
    static func reports(format: String, extension: String, in folder: URL) throws -> [String] {
        var files: [String] = []
        for (name, arguments) in [
            ("lint", ["lint", "examples/shop-broken"]),
            ("inspect", ["inspect", "--ci", "Tests/StagecraftImageTests/Fixtures/engine-layers.tar"]),
            ("scan", ["scan", "--scanners", "secret", "Tests/StagecraftImageTests/Fixtures/engine-layers.tar"]),
        ] {
            let result = try ProcessRunner.run(
                Paths.stagecraft.path, arguments + ["--format", format], directory: Paths.packageRoot)
            #expect(result.stdout.count > 100, "\(name): \(result.stderrText)")
            let file = folder.appendingPathComponent("\(name).\(`extension`)")
            try result.stdout.write(to: file)
            files.append(file.path)
        }
        return files
    }

    static let sarifReader = """
        import sys
        from sarif_pydantic import Sarif
        for path in sys.argv[1:]:
            log = Sarif.model_validate_json(open(path).read())
            assert log.version == "2.1.0", path
            results = sum(len(run.results or []) for run in log.runs)
            print(f"{path}: {len(log.runs)} run(s), {results} result(s)")
        """

    /// sarif-pydantic's models follow the SARIF 2.1.0 schema: required properties, types and
    /// enumerations (levels, kinds).
    @Test func lintInspectAndScanWriteSARIFTheSchemaAccepts() throws {
        guard let python = Paths.executable(named: "python3"),
            (try? ProcessRunner.run(python, ["-c", "import sarif_pydantic"]))?.status == 0
        else {
            if Paths.isCI { Issue.record("sarif-pydantic is not installed; scripts/test.sh installs it") }
            return
        }
        let folder = try Paths.temporaryDirectory("sarif")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try Self.reports(format: "sarif", extension: "sarif", in: folder)
        let read = try ProcessRunner.run(python, ["-c", Self.sarifReader] + files)
        #expect(read.status == 0, "\(read.stderrText.suffix(2000))")
        #expect(read.stdoutText.contains("lint.sarif: 1 run(s)"), "\(read.stdoutText)")
        #expect(!read.stdoutText.contains("lint.sarif: 1 run(s), 0 result(s)"), "the broken sample has findings")
    }

    @Test func lintInspectAndScanWriteJUnitTheXSDAccepts() throws {
        let folder = try Paths.temporaryDirectory("junit")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try Self.reports(format: "junit", extension: "xml", in: folder)
        guard let result = try JUnitSchema.validate(files) else { return }
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText.suffix(2000))")
        #expect(result.stdoutText.components(separatedBy: ": valid").count == 4, "\(result.stdoutText)")
    }
}
