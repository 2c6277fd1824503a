import Foundation

/// An image catalog as the two standard SBOM documents: CycloneDX 1.6 JSON and SPDX 2.3 JSON.
/// Each package keeps stagecraft's facts (the layer and instruction that added it, the database
/// it was read from) as CycloneDX properties and SPDX comments.
/// See https://cyclonedx.org/docs/1.6/json/ and https://spdx.github.io/spdx-spec/v2.3/
public struct SBOMDocuments: Sendable {
    public var catalog: ImageCatalog
    /// When the document was made.
    public var created: Date
    /// Makes the document's serial number and namespace unique.
    public var identifier: UUID
    public var toolVersion: String

    public init(_ catalog: ImageCatalog, created: Date = Date(), identifier: UUID = UUID(), toolVersion: String) {
        self.catalog = catalog
        self.created = created
        self.identifier = identifier
        self.toolVersion = toolVersion
    }

    var timestamp: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: created)
    }

    // MARK: CycloneDX 1.6

    public struct CycloneDX: Encodable {
        struct Property: Encodable {
            var name: String
            var value: String
        }
        struct Component: Encodable {
            var type: String
            var bomRef: String
            var name: String
            var version: String?
            var purl: String?
            var properties: [Property]?

            enum CodingKeys: String, CodingKey {
                case type, name, version, purl, properties
                case bomRef = "bom-ref"
            }
        }
        struct Tool: Encodable {
            var type = "application"
            var name = "stagecraft"
            var version: String
        }
        struct Tools: Encodable { var components: [Tool] }
        struct Metadata: Encodable {
            var timestamp: String
            var tools: Tools
            var component: Component
        }
        var bomFormat = "CycloneDX"
        var specVersion = "1.6"
        var serialNumber: String
        var version = 1
        var metadata: Metadata
        var components: [Component]
    }

    public func cycloneDX() -> CycloneDX {
        var seen: [String: Int] = [:]
        var components: [CycloneDX.Component] = []
        if let distribution = catalog.distribution {
            components.append(
                CycloneDX.Component(
                    type: "operating-system", bomRef: "os:\(distribution.id)", name: distribution.id,
                    version: distribution.versionID, purl: nil, properties: nil))
        }
        for package in catalog.packages {
            seen[package.purl, default: 0] += 1
            let count = seen[package.purl] ?? 1
            components.append(
                CycloneDX.Component(
                    type: "library", bomRef: count == 1 ? package.purl : "\(package.purl)#\(count)", name: package.name,
                    version: package.version, purl: package.purl,
                    properties: [
                        .init(name: "stagecraft:package:type", value: package.kind.rawValue),
                        .init(name: "stagecraft:layer", value: String(package.layer)),
                        .init(name: "stagecraft:instruction", value: package.instruction),
                        .init(name: "stagecraft:location", value: package.location),
                    ] + (package.sourceName.map { [.init(name: "stagecraft:source-package", value: $0)] } ?? [])))
        }
        return CycloneDX(
            serialNumber: "urn:uuid:\(identifier.uuidString.lowercased())",
            metadata: .init(
                timestamp: timestamp, tools: .init(components: [.init(version: toolVersion)]),
                component: .init(
                    type: "container", bomRef: "image", name: catalog.image, version: nil, purl: nil, properties: nil)),
            components: components)
    }

    // MARK: SPDX 2.3

    public struct SPDX: Encodable {
        struct CreationInfo: Encodable {
            var created: String
            var creators: [String]
        }
        struct ExternalReference: Encodable {
            var referenceCategory = "PACKAGE-MANAGER"
            var referenceType = "purl"
            var referenceLocator: String
        }
        struct Package: Encodable {
            var SPDXID: String
            var name: String
            var versionInfo: String?
            var downloadLocation = "NOASSERTION"
            var filesAnalyzed = false
            var licenseConcluded = "NOASSERTION"
            var licenseDeclared = "NOASSERTION"
            var copyrightText = "NOASSERTION"
            var externalRefs: [ExternalReference]?
            var comment: String?
            var primaryPackagePurpose: String?
        }
        struct Relationship: Encodable {
            var spdxElementId: String
            var relationshipType: String
            var relatedSpdxElement: String
        }
        var spdxVersion = "SPDX-2.3"
        var dataLicense = "CC0-1.0"
        var SPDXID = "SPDXRef-DOCUMENT"
        var name: String
        var documentNamespace: String
        var creationInfo: CreationInfo
        var packages: [Package]
        var relationships: [Relationship]
    }

    public func spdx() -> SPDX {
        var packages = [
            SPDX.Package(
                SPDXID: "SPDXRef-Image", name: catalog.image, versionInfo: nil, externalRefs: nil,
                comment: catalog.distribution.map { "based on \($0.prettyName ?? $0.id + " " + $0.versionID)" },
                primaryPackagePurpose: "CONTAINER")
        ]
        var relationships = [
            SPDX.Relationship(
                spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: "SPDXRef-Image")
        ]
        for (index, package) in catalog.packages.enumerated() {
            let id = "SPDXRef-Package-\(index + 1)"
            packages.append(
                SPDX.Package(
                    SPDXID: id, name: package.name, versionInfo: package.version,
                    externalRefs: [.init(referenceLocator: package.purl)],
                    comment:
                        "\(package.kind.rawValue) package from \(package.location), added by layer \(package.layer): \(package.instruction)",
                    primaryPackagePurpose: "LIBRARY"))
            relationships.append(.init(spdxElementId: "SPDXRef-Image", relationshipType: "CONTAINS", relatedSpdxElement: id))
        }
        let slug = String(catalog.image.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "-" })
        return SPDX(
            name: catalog.image,
            documentNamespace: "https://stagecraft.dev/spdx/\(slug)-\(identifier.uuidString.lowercased())",
            creationInfo: .init(created: timestamp, creators: ["Tool: stagecraft-\(toolVersion)"]), packages: packages,
            relationships: relationships)
    }
}
