import Foundation
import StagecraftFuzzing
import TestSupport
import Testing

/// Every input a fuzz target ever crashed on is kept in Tests/FuzzRegressions/<target>/ and
/// replayed here; the fuzz targets themselves accept what is valid and reject what is not.
struct FuzzRegressionTests {
    static let regressions = Paths.packageRoot.appendingPathComponent("Tests/FuzzRegressions")

    static func files(_ target: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(
            at: regressions.appendingPathComponent(target), includingPropertiesForKeys: nil
        ).sorted { $0.path < $1.path }
    }

    /// Each saved input is read or rejected with an error: none crashes, hangs or exhausts memory.
    @Test(arguments: FuzzTargets.names)
    func savedInputsAreReadOrRejectedCleanly(target: String) throws {
        let inputs = try Self.files(target)
        #expect(!inputs.isEmpty, "Tests/FuzzRegressions/\(target) holds no inputs")
        for input in inputs {
            let accepted = FuzzTargets.run(target, [UInt8](try Data(contentsOf: input)))
            // One saved Dockerfile is valid (BuildKit skips the empty mount field); it once crashed.
            let valid = input.lastPathComponent == "mount-field-only-equals"
            #expect(accepted == valid, "\(target): \(input.lastPathComponent)")
        }
    }

    @Test func theTargetsAcceptTheExamples() throws {
        let examples = Paths.packageRoot.appendingPathComponent("examples")
        let paths = try FileManager.default.subpathsOfDirectory(atPath: examples.path)
        let dockerfiles = paths.filter { ($0 as NSString).lastPathComponent == "Dockerfile" }
        let composeFiles = paths.filter { ($0 as NSString).lastPathComponent == "compose.yaml" }
        #expect(dockerfiles.count >= 5 && composeFiles.count >= 3)
        for path in dockerfiles {
            let bytes = [UInt8](try Data(contentsOf: examples.appendingPathComponent(path)))
            #expect(FuzzTargets.run("dockerfile", bytes), "\(path)")
        }
        for path in composeFiles {
            let bytes = [UInt8](try Data(contentsOf: examples.appendingPathComponent(path)))
            #expect(FuzzTargets.run("compose", bytes), "\(path)")
        }
    }

    @Test func theArchiveTargetsAcceptArchivesAndRejectJunk() throws {
        var layer = TarWriter()
        layer.add("etc/", kind: .directory)
        layer.add("etc/hostname", Array("box\n".utf8))
        let layerBytes = layer.finish()
        #expect(FuzzTargets.run("tar", layerBytes))
        let blob = TestCompression.gzip(layerBytes)
        let diffID = try TestCompression.sha256(layerBytes)
        var archive = TarWriter()
        archive.add("l/layer.tar", blob)
        archive.add("c.json", Array(#"{"os":"linux","rootfs":{"type":"layers","diff_ids":["\#(diffID)"]}}"#.utf8))
        archive.add("manifest.json", Array(#"[{"Config":"c.json","RepoTags":["t:1"],"Layers":["l/layer.tar"]}]"#.utf8))
        #expect(FuzzTargets.run("image", archive.finish()))
        let junk = [UInt8](repeating: 0x41, count: 1500)
        #expect(!FuzzTargets.run("tar", junk) && !FuzzTargets.run("image", junk))
    }
}
