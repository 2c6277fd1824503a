import Foundation
import TestSupport
import Testing

@testable import StagecraftImage
@testable import TarArchive

/// Compression bombs stop at a budget, stray blobs do not sink an image, and sizes come from
/// content, not from what a header claims.
@Suite final class ImageLimitsTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("image-limits") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    /// An OCI layout tar holding `layers` (gzip-compressed) and any `extraBlobs` the manifest does not name.
    func ociArchive(_ layers: [[UInt8]], extraBlobs: [[UInt8]] = []) throws -> String {
        var blobs: [String: [UInt8]] = [:]
        var descriptors: [String] = []
        for layer in layers {
            let blob = TestCompression.gzip(layer)
            let digest = try TestCompression.sha256(blob)
            blobs[digest] = blob
            descriptors.append(
                #"{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"\#(digest)","size":\#(blob.count)}"#)
        }
        for extra in extraBlobs { blobs[try TestCompression.sha256(extra)] = extra }
        let diffIDs = try layers.map { "\"\(try TestCompression.sha256($0))\"" }.joined(separator: ",")
        let config = Array(
            #"{"architecture":"amd64","os":"linux","config":{"User":"1000"},"rootfs":{"type":"layers","diff_ids":[\#(diffIDs)]}}"#
                .utf8)
        let configDigest = try TestCompression.sha256(config)
        blobs[configDigest] = config
        let manifest = Array(
            #"{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\#(configDigest)","size":\#(config.count)},"layers":[\#(descriptors.joined(separator: ","))]}"#
                .utf8)
        let manifestDigest = try TestCompression.sha256(manifest)
        blobs[manifestDigest] = manifest
        let index = Array(
            #"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(manifestDigest)","size":\#(manifest.count)}]}"#
                .utf8)
        var writer = TarWriter()
        writer.add("oci-layout", Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8))
        writer.add("index.json", index)
        for (digest, blob) in blobs.sorted(by: { $0.key < $1.key }) { writer.add("blobs/sha256/" + digest.dropFirst(7), blob) }
        let url = folder.appendingPathComponent(UUID().uuidString + ".tar")
        try Data(writer.finish()).write(to: url)
        return url.path
    }

    static func layer(file size: Int, name: String = "data") -> [UInt8] {
        var writer = TarWriter()
        writer.add(name, [UInt8](repeating: 0, count: size))
        return writer.finish()
    }

    @Test func aLayerPastItsBudgetIsAnErrorNamingTheLimit() throws {
        // 4 MiB of zeros compress to a few kilobytes.
        let path = try ociArchive([Self.layer(file: 4 << 20)])
        let limits = ImageArchiveReader.Limits(layerBytes: 1 << 20)
        let error = try #require(throws: ImageError.self) { try ImageArchiveReader(limits: limits).read(path: path) }
        #expect(error.description.contains("more than 1048576 bytes, the limit for one layer"), "\(error)")
        #expect(error.description.contains("--max-layer-size"))
        // Within the budget it reads.
        let image = try ImageArchiveReader(limits: .init(layerBytes: 8 << 20)).read(path: path)
        #expect(image.layers.first?.size == 4 << 20)
    }

    @Test func layersTogetherPastTheImageBudgetAreAnError() throws {
        let path = try ociArchive([Self.layer(file: 3 << 20, name: "a"), Self.layer(file: 3 << 20, name: "b")])
        let limits = ImageArchiveReader.Limits(layerBytes: 4 << 20, imageBytes: 5 << 20)
        let error = try #require(throws: ImageError.self) { try ImageArchiveReader(limits: limits).read(path: path) }
        #expect(error.description.contains("the limit for one image"), "\(error)")
        #expect(try ImageArchiveReader(limits: .init(imageBytes: 7 << 20)).read(path: path).layers.count == 2)
    }

    @Test func theDefaultLayerBudgetScalesWithTheStoredSize() {
        let limits = ImageArchiveReader.Limits()
        #expect(limits.layerLimit(storedSize: 10_000) == 1 << 30)
        #expect(limits.layerLimit(storedSize: 40 << 20) == 250 * (40 << 20))
        #expect(limits.layerLimit(storedSize: 1 << 40) == 64 << 30)
        #expect(limits.layerLimit(storedSize: Int.max) == 64 << 30)
    }

    @Test func aStrayBlobTheManifestDoesNotNameIsIgnored() throws {
        let junk = [UInt8]((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let path = try ociArchive([Self.layer(file: 100)], extraBlobs: [junk])
        let image = try ImageArchiveReader().read(path: path)
        #expect(image.layers.count == 1)
        // The same bytes named as a layer are still an error.
        var writer = TarWriter()
        writer.add("cfg.json", Array(#"{"rootfs":{"type":"layers","diff_ids":[]}}"#.utf8))
        writer.add("junk/layer.tar", junk)
        writer.add("manifest.json", Array(#"[{"Config":"cfg.json","RepoTags":[],"Layers":["junk/layer.tar"]}]"#.utf8))
        let url = folder.appendingPathComponent("named-junk.tar")
        try Data(writer.finish()).write(to: url)
        let error = try #require(throws: ImageError.self) { try ImageArchiveReader().read(path: url.path) }
        #expect(error.description.contains("junk/layer.tar"), "\(error)")
    }

    @Test func sizesComeFromContentNotFromHeaderClaims() throws {
        // A folder and a link whose headers claim 34 GB carry no content: they add nothing.
        var writer = TarWriter()
        writer.add("big/", kind: .directory, sizeOverride: 34_000_000_000)
        writer.add("link", kind: .symlink, link: "big", sizeOverride: 34_000_000_000)
        writer.add("big/file", [UInt8](repeating: 7, count: 10))
        let path = try ociArchive([writer.finish()])
        let image = try ImageArchiveReader().read(path: path)
        #expect(image.layers.first?.size == 10)
        #expect(ImageAnalysis(image).totalBytes == 10)
    }
}
