/// The JSON documents of image archives and layouts.
/// See https://github.com/opencontainers/image-spec/blob/main/spec.md and
/// https://github.com/moby/docker-image-spec

/// One element of `docker save`'s `manifest.json`.
public struct DockerSaveManifest: Codable, Sendable, Equatable {
    public var Config: String
    public var RepoTags: [String]?
    public var Layers: [String]
}

/// An OCI content descriptor.
public struct Descriptor: Codable, Sendable, Equatable {
    public var mediaType: String?
    public var digest: String
    public var size: Int?
    public var platform: Platform?
    public var annotations: [String: String]?
}

/// A platform in an index.
public struct Platform: Codable, Sendable, Equatable {
    public var os: String
    public var architecture: String
    public var variant: String?

    public var description: String {
        [os, architecture, variant].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "/")
    }
}

/// An OCI image index (also `index.json` of a layout) or a Docker manifest list.
public struct ImageIndex: Codable, Sendable, Equatable {
    public var schemaVersion: Int?
    public var mediaType: String?
    public var manifests: [Descriptor]
}

/// An OCI image manifest or a Docker v2 manifest.
public struct ImageManifest: Codable, Sendable, Equatable {
    public var schemaVersion: Int?
    public var mediaType: String?
    public var config: Descriptor
    public var layers: [Descriptor]
}

/// The image configuration: what the container runs, and how the layers were made.
public struct ImageConfiguration: Codable, Sendable, Equatable {
    public struct RootFS: Codable, Sendable, Equatable {
        public var type: String
        public var diff_ids: [String]
    }

    public struct History: Codable, Sendable, Equatable {
        public var created: String?
        public var created_by: String?
        public var comment: String?
        public var empty_layer: Bool?
    }

    public struct Healthcheck: Codable, Sendable, Equatable {
        public var Test: [String]?
        public var Interval: Int?
        public var Timeout: Int?
        public var Retries: Int?
    }

    public struct Container: Codable, Sendable, Equatable {
        public var User: String?
        public var Env: [String]?
        public var Entrypoint: [String]?
        public var Cmd: [String]?
        public var WorkingDir: String?
        public var Labels: [String: String]?
        public var Healthcheck: Healthcheck?
        public var ExposedPorts: [String: EmptyObject]?
    }

    public struct EmptyObject: Codable, Sendable, Equatable {}

    public var architecture: String?
    public var os: String?
    public var variant: String?
    public var config: Container?
    public var rootfs: RootFS
    public var history: [History]?
}
