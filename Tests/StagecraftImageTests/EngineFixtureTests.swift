import Foundation
import TestSupport
import Testing

@testable import StagecraftImage

/// Archives saved by the real engine (scripts/make-image-fixtures.sh): every layer's entry count
/// and sizes equal what GNU `tar -tv` lists, and the history lines up with the Dockerfile.
@Suite struct EngineFixtureTests {
    static func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent(name)
    }

    /// (path, size) of every entry GNU tar lists, as stagecraft keeps them: no root entry, no
    /// `.wh..wh.` metadata other than opaque markers.
    static func tarListing(_ layer: URL) throws -> [(String, Int)] {
        let result = try ProcessRunner.run(
            "tar", ["--numeric-owner", "-tvf", layer.path], environment: ["LC_ALL": "C", "TZ": "UTC"])
        try #require(result.status == 0, "tar failed: \(result.stderrText)")
        return result.stdoutText.split(separator: "\n").compactMap { line in
            // -rw-r--r-- 0/0   3 2026-11-29 03:30 app/config.txt
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, let size = Int(fields[2]) else { return nil }
            var name = String(fields[5])
            if let arrow = name.range(of: " -> ") ?? name.range(of: " link to ") { name = String(name[..<arrow.lowerBound]) }
            while name.hasPrefix("./") { name.removeFirst(2) }
            if name.hasSuffix("/") { name.removeLast() }
            let base = name.split(separator: "/").last.map(String.init) ?? name
            if name.isEmpty || (base.hasPrefix(".wh..wh.") && base != ".wh..wh..opq") { return nil }
            return (name, size)
        }
    }

    @Test(arguments: ["engine-base.tar", "engine-layers.tar"])
    func layerListingsEqualTar(archive: String) throws {
        let url = try Self.fixture(archive)
        let image = try ImageArchiveReader().read(path: url.path)
        let folder = try Paths.temporaryDirectory("fixture")
        defer { try? FileManager.default.removeItem(at: folder) }
        let extract = try ProcessRunner.run("tar", ["-xf", url.path, "-C", folder.path])
        try #require(extract.status == 0)
        #expect(!image.layers.isEmpty)
        for layer in image.layers {
            let listed = try Self.tarListing(folder.appendingPathComponent(layer.source))
            #expect(layer.entries.count == listed.count, "\(archive) \(layer.source): entry count")
            #expect(layer.size == listed.reduce(0) { $0 + $1.1 }, "\(archive) \(layer.source): bytes")
            #expect(
                Set(listed.map(\.0))
                    == Set(
                        layer.entries.map {
                            $0.isWhiteout ? Self.whiteoutName($0.path) : $0.isOpaque ? $0.path + "/.wh..wh..opq" : $0.path
                        }))
        }
    }

    static func whiteoutName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return ".wh." + path }
        return String(path[...slash]) + ".wh." + path[path.index(after: slash)...]
    }

    @Test func historyNamesTheInstructionOfEachLayer() throws {
        let image = try ImageArchiveReader().read(path: try Self.fixture("engine-layers.tar").path)
        let created = image.layers.map(\.createdBy)
        #expect(created.count == 5)
        #expect(created.dropFirst().allSatisfy { $0.hasPrefix("COPY ") })
        #expect(created[3].contains("/app/config.txt"))
        #expect(image.configuration.config?.User == "1000")
        let analysis = ImageAnalysis(image)
        // config.txt was written twice; the first copy is hidden, and dive counts both.
        #expect(analysis.hidden.map(\.path) == ["/app/config.txt"])
        #expect(analysis.dive.inefficientPaths.map(\.path) == ["/app/config.txt"])
    }
}
