import Foundation
import TestSupport
import Testing

@testable import StagecraftImage
@testable import TarArchive

/// Archives built here in every layout, read back.
@Suite final class ImageArchiveTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("images") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    static func layer(_ build: (inout TarWriter) -> Void) -> [UInt8] {
        var writer = TarWriter()
        build(&writer)
        return writer.finish()
    }

    static let base = layer {
        $0.add("etc/", kind: .directory); $0.add("etc/os-release", Array("ID=test\n".utf8))
    }
    static let app = layer {
        $0.add("app/", kind: .directory); $0.add("app/server", [UInt8](repeating: 1, count: 5000))
    }
    static let cleanup = layer { $0.add("app/.wh.server") }

    static func config(_ layers: [[UInt8]]) throws -> [UInt8] {
        let diffIDs = try layers.map { "\"\(try TestCompression.sha256($0))\"" }.joined(separator: ",")
        let json = """
            {"architecture":"amd64","os":"linux","config":{"User":"","Env":["PATH=/bin","DB_PASSWORD=x"],"Entrypoint":["/bin/sh","-c","serve"]},
             "rootfs":{"type":"layers","diff_ids":[\(diffIDs)]},
             "history":[{"created_by":"ADD base"},{"created_by":"ENV X=1","empty_layer":true},{"created_by":"COPY app"},{"created_by":"RUN rm /app/server"}]}
            """
        return Array(json.utf8)
    }

    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func legacyArchive() throws -> [UInt8] {
        let layers = [Self.base, Self.app, Self.cleanup]
        var writer = TarWriter()
        for (index, layer) in layers.enumerated() { writer.add("l\(index)/layer.tar", layer) }
        writer.add("cfg.json", try Self.config(layers))
        writer.add(
            "manifest.json",
            Array(#"[{"Config":"cfg.json","RepoTags":["test:1"],"Layers":["l0/layer.tar","l1/layer.tar","l2/layer.tar"]}]"#.utf8))
        return writer.finish()
    }

    /// An OCI layout: blobs named by digest, index.json → manifest → config and layers.
    func ociBlobs(compress: ([UInt8]) -> [UInt8], index extra: String = "") throws -> (blobs: [String: [UInt8]], index: [UInt8]) {
        let layers = [Self.base, Self.app, Self.cleanup]
        var blobs: [String: [UInt8]] = [:]
        var descriptors: [String] = []
        for layer in layers {
            let blob = compress(layer)
            let digest = try TestCompression.sha256(blob)
            blobs[digest] = blob
            descriptors.append(
                #"{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"\#(digest)","size":\#(blob.count)}"#)
        }
        let config = try Self.config(layers)
        let configDigest = try TestCompression.sha256(config)
        blobs[configDigest] = config
        let manifest = Array(
            #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\#(configDigest)","size":\#(config.count)},"layers":[\#(descriptors.joined(separator: ","))]}"#
                .utf8)
        let manifestDigest = try TestCompression.sha256(manifest)
        blobs[manifestDigest] = manifest
        let index = Array(
            #"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(manifestDigest)","size":\#(manifest.count),"platform":{"os":"linux","architecture":"amd64"}}\#(extra)]}"#
                .utf8)
        return (blobs, index)
    }

    func ociArchive(compress: @escaping ([UInt8]) -> [UInt8], corrupt: Bool = false) throws -> [UInt8] {
        let (blobs, index) = try ociBlobs(compress: compress)
        var writer = TarWriter()
        writer.add("oci-layout", Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8))
        writer.add("index.json", index)
        for (digest, blob) in blobs.sorted(by: { $0.key < $1.key }) {
            var content = blob
            if corrupt && blob.count > 1000 { content[content.count / 2] ^= 0x01 }
            writer.add("blobs/sha256/" + digest.dropFirst(7), content)
        }
        return writer.finish()
    }

    func checkImage(_ image: Image) {
        #expect(image.layers.count == 3)
        #expect(image.layers.map(\.createdBy) == ["ADD base", "COPY app", "RUN rm /app/server"])
        let analysis = ImageAnalysis(image)
        #expect(analysis.files.map(\.path) == ["/etc/os-release"])
        #expect(analysis.layers[2].removed == 1 && analysis.layers[2].removedBytes == 5000)
        #expect(analysis.wastedBytes == 5000)
        #expect(analysis.dive.wastedBytes == 5000)
        let findings = ImageFindings(image, analysis).items.map(\.id)
        #expect(findings.contains("runs-as-root") && findings.contains("secret-in-env") && findings.contains("shell-entrypoint"))
    }

    @Test func readsLegacyDockerSave() throws {
        let image = try ImageArchiveReader().read(path: try write(try legacyArchive(), "legacy.tar"))
        #expect(image.tags == ["test:1"])
        checkImage(image)
    }

    @Test(arguments: ["gzip", "zstd", "tar"])
    func readsOCILayoutArchives(encoding: String) throws {
        let compress: ([UInt8]) -> [UInt8]
        switch encoding {
        case "gzip": compress = { TestCompression.gzip($0) }
        case "zstd": compress = { TestCompression.zstd($0) }
        default: compress = { $0 }
        }
        let image = try ImageArchiveReader().read(path: try write(try ociArchive(compress: compress), "oci-\(encoding).tar"))
        #expect(image.layers.allSatisfy { $0.encoding == encoding })
        checkImage(image)
    }

    @Test func readsOCILayoutFolders() throws {
        let (blobs, index) = try ociBlobs(compress: TestCompression.gzip)
        let layout = folder.appendingPathComponent("layout")
        try FileManager.default.createDirectory(
            at: layout.appendingPathComponent("blobs/sha256"), withIntermediateDirectories: true)
        try Data(index).write(to: layout.appendingPathComponent("index.json"))
        for (digest, blob) in blobs {
            try Data(blob).write(to: layout.appendingPathComponent("blobs/sha256/" + digest.dropFirst(7)))
        }
        checkImage(try ImageArchiveReader().read(path: layout.path))
    }

    @Test func picksThePlatformFromAMultiPlatformIndex() throws {
        let other =
            #",{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":2,"platform":{"os":"linux","architecture":"arm64"}}"#
        let (blobs, index) = try ociBlobs(compress: TestCompression.gzip, index: other)
        var writer = TarWriter()
        writer.add("index.json", index)
        for (digest, blob) in blobs { writer.add("blobs/sha256/" + digest.dropFirst(7), blob) }
        let path = try write(writer.finish(), "multi.tar")
        checkImage(try ImageArchiveReader(platform: "linux/amd64").read(path: path))
        let error = try #require(throws: ImageError.self) { try ImageArchiveReader(platform: "linux/s390x").read(path: path) }
        #expect(error.description.contains("linux/amd64, linux/arm64"))
        #expect(throws: ImageError.self) { try ImageArchiveReader(platform: "linux/arm64").read(path: path) }  // blob missing
    }

    @Test func detectsDigestMismatchesAndDamage() throws {
        let corrupt = try write(try ociArchive(compress: { $0 }, corrupt: true), "corrupt.tar")
        let mismatch = try #require(throws: ImageError.self) { try ImageArchiveReader().read(path: corrupt) }
        #expect(mismatch.description.contains("does not match its digest"))
        let whole = try ociArchive(compress: TestCompression.gzip)
        let truncated = try write(Array(whole.prefix(whole.count / 2)), "truncated.tar")
        let cut = try #require(throws: ImageError.self) { try ImageArchiveReader().read(path: truncated) }
        #expect(cut.description.contains("truncated"))
        #expect(throws: ImageError.self) { try ImageArchiveReader().read(path: try write(Array("not a tar".utf8), "junk.tar")) }
        // Without digest checks, damage that breaks the tar structure is still caught, by the
        // header checksum instead of the digest.
        let unchecked = try #require(throws: ImageError.self) { try ImageArchiveReader(verifyDigests: false).read(path: corrupt) }
        #expect(unchecked.description.contains("bad header checksum"))
        let plain = try ImageArchiveReader(verifyDigests: false).read(
            path: try write(try ociArchive(compress: { $0 }), "plain.tar"))
        #expect(plain.layers.count == 3 && plain.layers.allSatisfy { $0.blobDigest == nil })
    }

    /// An index that names itself, digests that climb out of the layout, and algorithms that
    /// cannot be verified are errors, not a stack overflow, a read outside, or trust.
    @Test func refusesSelfReferencesAndDigestsThatAreNotSHA256() throws {
        let layout = folder.appendingPathComponent("hostile")
        try FileManager.default.createDirectory(
            at: layout.appendingPathComponent("blobs/sha256"), withIntermediateDirectories: true)
        let selfDigest = "sha256:" + String(repeating: "ab", count: 32)
        let loop = Array(
            #"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"\#(selfDigest)","size":1}]}"#
                .utf8)
        try Data(loop).write(to: layout.appendingPathComponent("index.json"))
        try Data(loop).write(to: layout.appendingPathComponent("blobs/sha256/" + String(repeating: "ab", count: 32)))
        let looped = try #require(throws: ImageError.self) { try ImageArchiveReader().read(path: layout.path) }
        #expect(looped.description.contains("does not match its digest"), "\(looped)")

        for digest in ["sha512:../../../../etc/passwd", "sha256:../../index.json", "md5:abc"] {
            let index = Array(
                #"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(digest)","size":1}]}"#
                    .utf8)
            try Data(index).write(to: layout.appendingPathComponent("index.json"))
            let error = try #require(throws: ImageError.self) { try ImageArchiveReader().read(path: layout.path) }
            #expect(error.description.contains("is not a digest stagecraft can verify"), "\(error)")
        }
    }

    @Test func mergesOpaqueFoldersAndWhiteouts() throws {
        let lower = Self.layer {
            $0.add("data/a", [UInt8](repeating: 1, count: 100)); $0.add("data/b", [UInt8](repeating: 2, count: 200));
            $0.add("keep", [1])
        }
        let upper = Self.layer {
            $0.add("data/.wh..wh..opq"); $0.add("data/c", [3, 3]); $0.add(".wh.keep")
        }
        let layers = [lower, upper].map { bytes -> Layer in
            let layer = try? ImageArchiveReader.readLayer(
                source: "x", stream: MemoryStream(bytes), storedSize: bytes.count, name: "test")
            return layer ?? Layer(source: "x", encoding: "tar", storedSize: 0, entries: [])
        }
        let image = Image(
            name: "t", tags: [], configuration: ImageConfiguration(rootfs: .init(type: "layers", diff_ids: [])), layers: layers)
        let analysis = ImageAnalysis(image)
        #expect(analysis.files.map(\.path) == ["/data/c"])
        #expect(analysis.layers[1].removed == 3 && analysis.layers[1].removedBytes == 301)
        #expect(analysis.wastedBytes == 301)
        // dive ignores the opaque folder, so it sees no waste in data/; only the deleted
        // one-byte `keep` counts.
        #expect(analysis.dive.wastedBytes == 1)
    }

    @Test func diveEfficiencyMatchesDivesOwnUnitVector() {
        func entry(_ path: String, _ size: Int, whiteout: Bool = false) -> LayerEntry {
            var raw = TarEntry(
                path: path, linkTarget: "", kind: .file, size: size, mode: 0o644, uid: 0, gid: 0, modificationTime: 0,
                userName: "", groupName: "",
                headerOffset: 0, contentOffset: 0)
            if whiteout { raw.path = "etc/.wh.nginx" }
            return LayerEntry(raw)
        }
        let layers = [
            Layer(
                source: "0", encoding: "tar", storedSize: 0,
                entries: [entry("etc/nginx/nginx.conf", 2000), entry("etc/nginx/public", 3000)]),
            Layer(
                source: "1", encoding: "tar", storedSize: 0,
                entries: [entry("etc/nginx/nginx.conf", 5000), entry("etc/athing", 10000)]),
            Layer(source: "2", encoding: "tar", storedSize: 0, entries: [entry("", 0, whiteout: true)]),
        ]
        let dive = DiveEfficiency(layers: layers)
        #expect(dive.efficiency == 0.75)
        #expect(dive.inefficientPaths.map(\.path) == ["/etc/nginx/nginx.conf"])
        #expect(dive.inefficientPaths.first?.cumulativeSize == 7000)
    }

    @Test func findingsCountTheFilesOfEachKind() throws {
        func file(_ path: String, _ size: Int) -> LayerEntry {
            LayerEntry(
                TarEntry(
                    path: path, linkTarget: "", kind: .file, size: size, mode: 0o644, uid: 0, gid: 0, modificationTime: 0,
                    userName: "", groupName: "", headerOffset: 0, contentOffset: 0))
        }
        let entries = [
            file("var/cache/apt/archives/curl.deb", 100), file("var/cache/apt/archives/lock", 1),
            file("var/cache/apt/archives/partial/x.deb", 5), file("var/lib/apt/lists/deb.debian.org_Packages", 40),
            file("root/.cache/pip/wheels/a.whl", 7), file("__pycache__/top.pyc", 3), file("app/pkg/__pycache__/m.pyc", 4),
            file("app/__pycache__x/not.pyc", 9), file("usr/bin/gcc", 10), file("usr/bin/gcc-12", 11), file("usr/bin/gccgo", 12),
            file("usr/lib/gcc/x86_64-linux-gnu/12/cc1", 13), file("usr/share/doc/a/README", 1 << 20),
            file("usr/share/man/man1/ls.1.gz", 6), file("usr/share/docs/not-docs", 8),
        ]
        let config = try JSONDecoder().decode(
            ImageConfiguration.self,
            from: Data(
                #"{"architecture":"amd64","os":"linux","config":{"User":"1000"},"rootfs":{"type":"layers","diff_ids":[]}}"#.utf8))
        let image = Image(
            name: "t", tags: [], configuration: config,
            layers: [Layer(source: "0", encoding: "tar", storedSize: 0, entries: entries)])
        let findings = ImageFindings(image, ImageAnalysis(image)).items
        func finding(_ id: String, containing text: String) -> ImageFindings.Finding? {
            findings.first { $0.id == id && $0.message.contains(text) }
        }
        // The lock file and the partial download are not the cache.
        #expect(finding("package-cache", containing: "apt's package cache")?.bytes == 100)
        #expect(finding("package-cache", containing: "apt's package lists")?.bytes == 40)
        #expect(finding("package-cache", containing: "pip's cache")?.bytes == 7)
        #expect(finding("python-bytecode", containing: "2 files")?.bytes == 7)
        // gcc and gcc-12, gcc's library folder; not gccgo.
        #expect(finding("build-tools", containing: "3 files")?.bytes == 34)
        #expect(finding("docs", containing: "2 files")?.bytes == (1 << 20) + 6)
        #expect(!findings.contains { $0.id == "runs-as-root" })
    }
}
