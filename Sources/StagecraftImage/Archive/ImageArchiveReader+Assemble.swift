import Foundation
import ParallelJobs
import TarArchive

extension ImageArchiveReader {
    func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]?, document: String, name: String) throws -> T {
        guard let bytes else { throw ImageError.missingBlob(path: name, blob: document) }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw ImageError.badJSON(path: name, document: document, detail: "\(error)")
        }
    }

    static func blobPath(_ digest: String) -> String { "blobs/" + digest.replacingOccurrences(of: ":", with: "/") }

    /// Puts the image together from what one pass collected.
    func assemble(_ collected: Collected, name: String) throws -> Image {
        let documents = collected.documents
        if let manifestBytes = documents["manifest.json"] {
            let manifests = try decode([DockerSaveManifest].self, manifestBytes, document: "manifest.json", name: name)
            guard let manifest = manifests.first else {
                throw ImageError.noImage(path: name, detail: "manifest.json lists no image")
            }
            let configPath = TarPath.normalize(manifest.Config)
            let config = try decode(ImageConfiguration.self, documents[configPath], document: configPath, name: name)
            var layers: [Layer] = []
            for (index, layerPath) in manifest.Layers.map(TarPath.normalize).enumerated() {
                let layer = try collected.layer(layerPath, name: name)
                // An uncompressed layer's digest is its DiffID; check it against the config.
                if layer.encoding == "tar", index < config.rootfs.diff_ids.count, let digest = layer.blobDigest,
                    digest != config.rootfs.diff_ids[index]
                {
                    throw ImageError.digestMismatch(
                        path: name, blob: layerPath, expected: config.rootfs.diff_ids[index], actual: digest)
                }
                layers.append(layer)
            }
            return Image(
                name: name, tags: manifest.RepoTags ?? [], configuration: config, layers: Self.attachHistory(layers, config))
        }
        guard let indexBytes = documents["index.json"] else {
            throw ImageError.noImage(path: name, detail: "neither manifest.json nor index.json")
        }
        let index = try decode(ImageIndex.self, indexBytes, document: "index.json", name: name)
        let manifest = try resolveManifest(index, documents: { documents[Self.blobPath($0)] }, name: name)
        let configPath = Self.blobPath(manifest.config.digest)
        let config = try decode(ImageConfiguration.self, documents[configPath], document: configPath, name: name)
        let layers = try manifest.layers.map { descriptor -> Layer in
            let path = Self.blobPath(descriptor.digest)
            return try collected.layer(path, name: name)
        }
        let tags = index.manifests.compactMap {
            $0.annotations?["io.containerd.image.name"] ?? $0.annotations?["org.opencontainers.image.ref.name"]
        }
        return Image(name: name, tags: tags, configuration: config, layers: Self.attachHistory(layers, config))
    }

    /// The deepest nesting of indexes followed (real images use one or two levels).
    static let maximumIndexDepth = 8

    /// Checks a descriptor's digest before it names a file: `sha256:` and 64 hex digits. Other
    /// algorithms are refused rather than read unverified, and nothing like `../` reaches a path.
    static func checkDigest(_ digest: String, name: String) throws {
        let parts = digest.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0] == "sha256", parts[1].count == 64,
            parts[1].allSatisfy({ ("0"..."9").contains($0) || ("a"..."f").contains($0) })
        else {
            throw ImageError.badDigest(path: name, digest: digest)
        }
    }

    /// Follows an index (and nested indexes) to the manifest for the wanted platform; each
    /// index and manifest blob is checked against its digest, and nesting is bounded.
    func resolveManifest(_ index: ImageIndex, documents: (String) -> [UInt8]?, name: String, depth: Int = 0) throws
        -> ImageManifest
    {
        guard depth < Self.maximumIndexDepth else {
            throw ImageError.noImage(path: name, detail: "indexes nest more than \(Self.maximumIndexDepth) deep")
        }
        let candidates = index.manifests.filter { descriptor in
            // Attestation manifests are not images.
            descriptor.annotations?["vnd.docker.reference.type"] != "attestation-manifest"
        }
        guard !candidates.isEmpty else { throw ImageError.noImage(path: name, detail: "the index lists no manifests") }
        let chosen: Descriptor
        if candidates.count == 1 {
            chosen = candidates[0]
        } else if let match = candidates.first(where: { $0.platform?.description == platform })
            ?? candidates.first(where: { $0.platform.map { "\($0.os)/\($0.architecture)" } == platform })
        {
            chosen = match
        } else {
            throw ImageError.platformNotFound(
                path: name, wanted: platform, available: candidates.compactMap { $0.platform?.description })
        }
        try Self.checkDigest(chosen.digest, name: name)
        let path = Self.blobPath(chosen.digest)
        let bytes = documents(chosen.digest)
        if let bytes { try Self.verify(path, bytes: bytes, name: name) }
        if let media = chosen.mediaType, media.contains("index") || media.contains("manifest.list") {
            return try resolveManifest(
                try decode(ImageIndex.self, bytes, document: path, name: name), documents: documents, name: name,
                depth: depth + 1)
        }
        let manifest = try decode(ImageManifest.self, bytes, document: path, name: name)
        try Self.checkDigest(manifest.config.digest, name: name)
        for layer in manifest.layers { try Self.checkDigest(layer.digest, name: name) }
        return manifest
    }

    /// Pairs layers with the history entries that made them, skipping `empty_layer` entries.
    static func attachHistory(_ layers: [Layer], _ config: ImageConfiguration) -> [Layer] {
        let makers = (config.history ?? []).filter { $0.empty_layer != true }
        return layers.enumerated().map { index, layer in
            var layer = layer
            layer.createdBy = index < makers.count ? (makers[index].created_by ?? "") : "(missing)"
            return layer
        }
    }

    /// Reads an OCI image layout folder: index.json, then the manifest, config and layer blobs.
    func readLayoutFolder(_ path: String) throws -> Image {
        func blob(_ digest: String) -> [UInt8]? {
            FileManager.default.contents(atPath: path + "/" + Self.blobPath(digest)).map { [UInt8]($0) }
        }
        guard let indexData = FileManager.default.contents(atPath: path + "/index.json") else {
            throw ImageError.noImage(path: path, detail: "the folder has no index.json")
        }
        let index = try decode(ImageIndex.self, [UInt8](indexData), document: "index.json", name: path)
        let manifest = try resolveManifest(index, documents: blob, name: path)
        let configPath = Self.blobPath(manifest.config.digest)
        let configBytes = blob(manifest.config.digest)
        if let configBytes { try Self.verify(configPath, bytes: configBytes, name: path) }
        let config = try decode(ImageConfiguration.self, configBytes, document: configPath, name: path)
        let descriptors = manifest.layers
        let verify = verifyDigests
        let limits = limits
        let budget = ImageBudget(limit: limits.imageBytes)
        let layers = try ParallelJobs.mapOnCores(count: descriptors.count) { (index: Int) throws -> Layer in
            let descriptor = descriptors[index]
            let layerPath = Self.blobPath(descriptor.digest)
            let stream: FileStream
            do { stream = try FileStream(path: path + "/" + layerPath) } catch {
                throw ImageError.missingBlob(path: path, blob: layerPath)
            }
            return try Self.readLayer(
                source: layerPath, stream: stream, storedSize: descriptor.size ?? 0, name: path, verify: verify,
                limits: limits, budget: budget, capture: capture)
        }
        return Image(name: path, tags: [], configuration: config, layers: Self.attachHistory(layers, config))
    }
}

/// An image read from an archive, a layout or the engine.
public struct Image: Sendable {
    /// Where it came from.
    public var name: String
    /// Its tags, when the archive records them.
    public var tags: [String]
    public var configuration: ImageConfiguration
    /// The layers, bottom first.
    public var layers: [Layer]
}
