import Foundation
import StagecraftImage
import TestSupport
import Testing

@testable import StagecraftSBOM

/// CycloneDX 1.6 and SPDX 2.3 documents, validated with the reference libraries
/// (cyclonedx-python-lib's strict JSON validator, spdx-tools' `pyspdxtools`).
@Suite final class SBOMDocumentTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("sbom-documents") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func catalog() throws -> ImageCatalog {
        var layer = TarWriter()
        layer.add("etc/os-release", Array("ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian 12\"\n".utf8))
        layer.add(
            "var/lib/dpkg/status",
            Array(
                "Package: login\nStatus: install ok installed\nSource: shadow (1:4.13+dfsg1-1)\nVersion: 1:4.13+dfsg1-1+b1\nArchitecture: amd64\n"
                    .utf8))
        layer.add("a/x-1.0.dist-info/METADATA", Array("Name: x\nVersion: 1.0\n".utf8))
        layer.add("b/x-1.0.dist-info/METADATA", Array("Name: x\nVersion: 1.0\n".utf8))  // the same package twice
        let bytes = layer.finish()
        var writer = TarWriter()
        writer.add("l0/layer.tar", bytes)
        writer.add(
            "cfg.json",
            Array(
                #"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["\#(try TestCompression.sha256(bytes))"]},"history":[{"created_by":"RUN \"quoted\" install"}]}"#
                    .utf8))
        writer.add("manifest.json", Array(#"[{"Config":"cfg.json","RepoTags":["docs:1"],"Layers":["l0/layer.tar"]}]"#.utf8))
        let url = folder.appendingPathComponent("image.tar")
        try Data(writer.finish()).write(to: url)
        return ImageCatalog(try ImageArchiveReader(capture: ImageCatalog.capture).read(path: url.path))
    }

    func encode<T: Encodable>(_ value: T, _ name: String) throws -> URL {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let url = folder.appendingPathComponent(name)
        try encoder.encode(value).write(to: url)
        return url
    }

    @Test func cycloneDXValidatesAgainstTheSchema() throws {
        let documents = SBOMDocuments(try catalog(), created: Date(timeIntervalSince1970: 1_790_000_000), toolVersion: "0.1.0")
        let bom = documents.cycloneDX()
        #expect(bom.components.count == 4, "the OS and three packages")
        let url = try encode(bom, "bom.cdx.json")
        guard let python = Paths.executable(named: "python3") else { return }
        let script = """
            import sys
            from cyclonedx.validation.json import JsonStrictValidator
            from cyclonedx.schema import SchemaVersion
            error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(open(sys.argv[1]).read())
            print(error or "valid")
            sys.exit(1 if error else 0)
            """
        let result = try ProcessRunner.run(python, ["-c", script, url.path])
        if result.stderrText.contains("ModuleNotFoundError") {
            if Paths.isCI { Issue.record("cyclonedx-python-lib is missing; scripts/test.sh installs it") }
            return
        }
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
    }

    @Test func spdxValidatesWithSpdxTools() throws {
        let documents = SBOMDocuments(try catalog(), created: Date(timeIntervalSince1970: 1_790_000_000), toolVersion: "0.1.0")
        let document = documents.spdx()
        #expect(document.packages.count == 4 && document.relationships.count == 4)
        #expect(document.packages[1].externalRefs?.first?.referenceLocator.hasPrefix("pkg:") == true)
        let url = try encode(document, "bom.spdx.json")
        guard let tool = Paths.executable(named: "pyspdxtools") else {
            if Paths.isCI { Issue.record("spdx-tools is missing; scripts/test.sh installs it") }
            return
        }
        let result = try ProcessRunner.run(tool, ["-i", url.path])
        #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")
    }
}
