/// One package installed in an image, with where it came from.
public struct SoftwarePackage: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable, Equatable, Hashable, CaseIterable {
        case deb, apk, python, npm
        case goModule = "go-module"
    }

    public var name: String
    public var version: String
    public var kind: Kind
    /// The source package (dpkg's `Source`, apk's origin) when it differs, with its version.
    public var sourceName: String?
    public var sourceVersion: String?
    public var architecture: String?
    /// The file that records the package (its database, or its METADATA).
    public var location: String
    /// The layer (0-based, bottom first) that added the package at this version.
    public var layer: Int
    /// The instruction that made that layer, from the image history.
    public var instruction: String
    /// The package URL, as syft writes it.
    public var purl: String
}

/// The distribution an image is based on, from `etc/os-release`.
public struct Distribution: Sendable, Equatable {
    /// `ID`, e.g. `debian`, `alpine`.
    public var id: String
    /// `VERSION_ID`, e.g. `12`, `3.20.1`.
    public var versionID: String
    /// `VERSION_CODENAME`, e.g. `bookworm`.
    public var codename: String?
    /// `PRETTY_NAME`.
    public var prettyName: String?
}
