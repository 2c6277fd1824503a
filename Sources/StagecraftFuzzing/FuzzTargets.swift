import DockerfileStages
import DockerfileSyntax
import Foundation
import StagecraftCompose
import StagecraftImage
import StagecraftLint
import StagecraftSBOM
import TarArchive

/// What the fuzz targets (the `Fuzz` package, built with libFuzzer) and the regression tests
/// feed arbitrary bytes to. Each reader may reject its input with an error, which is fine; a
/// trap, a crash, a hang or runaway memory is the defect fuzzing looks for.
public enum FuzzTargets {
    /// The names `scripts/fuzz.sh` and the regression folders use.
    public static let names = ["dockerfile", "tar", "image", "compose"]

    /// Runs the target called `name` on `bytes`; whether the reader accepted them.
    @discardableResult
    public static func run(_ name: String, _ bytes: [UInt8]) -> Bool {
        switch name {
        case "dockerfile": dockerfile(bytes)
        case "tar": tar(bytes)
        case "image": image(bytes)
        case "compose": compose(bytes)
        default: preconditionFailure("no fuzz target \(name)")
        }
    }

    /// Parses a Dockerfile, builds its stage graph and lints it.
    public static func dockerfile(_ bytes: [UInt8]) -> Bool {
        guard let parsed = try? DockerfileParser.parse(bytes) else { return false }
        let graph = try? StageGraphBuilder().build(parsed)
        guard let document = try? DockerfileDocument(path: "Dockerfile", source: bytes) else { return false }
        _ = Linter().lint(document)
        return graph != nil
    }

    /// Reads a tar stream entry by entry, content and all.
    public static func tar(_ bytes: [UInt8]) -> Bool {
        let reader = TarReader(MemoryStream(bytes))
        do {
            while let entry = try reader.next() {
                if entry.kind == .file { _ = try reader.readAll() }
            }
            return true
        } catch {
            return false
        }
    }

    /// Reads an image archive (docker save or OCI layout tar): manifests, configs and layers,
    /// keeping the package databases, which the SBOM catalogers then read. Budgets are small so a
    /// compression bomb fails fast instead of timing the run out.
    public static func image(_ bytes: [UInt8]) -> Bool {
        let reader = ImageArchiveReader(
            limits: .init(layerBytes: 64 << 20, imageBytes: 256 << 20), capture: ImageCatalog.capture)
        guard let image = try? reader.read(stream: MemoryStream(bytes), name: "image.tar") else { return false }
        let analysis = ImageAnalysis(image)
        _ = ImageFindings(image, analysis)
        _ = ImageCatalog(image)
        return true
    }

    /// Loads a compose file (written to a private folder, as the loader reads files).
    public static func compose(_ bytes: [UInt8]) -> Bool {
        let file = composeFolder + "/compose.yaml"
        guard FileManager.default.createFile(atPath: file, contents: Data(bytes)) else { return false }
        return (try? ComposeLoader(environment: [:]).load(file)) != nil
    }

    private static let composeFolder: String = {
        let folder = NSTemporaryDirectory() + "stagecraft-fuzz-compose-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }()
}
