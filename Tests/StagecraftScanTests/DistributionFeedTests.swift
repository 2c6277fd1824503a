import Foundation
import StagecraftAdvisories
import StagecraftConfiguration
import StagecraftScan
import TestSupport
import Testing

/// Alpine's secdb and the Debian security tracker's JSON, in their real shapes, read into
/// advisories and matched against installed packages.
@Suite final class DistributionFeedTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("feeds") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    static let secdb = """
        {"apkurl": "{{urlprefix}}/{{distroversion}}/{{reponame}}/{{arch}}/{{pkg.name}}-{{pkg.ver}}.apk",
         "archs": ["x86_64", "aarch64"], "reponame": "main", "urlprefix": "https://dl-cdn.alpinelinux.org/alpine",
         "distroversion": "v3.20",
         "packages": [
           {"pkg": {"name": "openssl", "secfixes": {"3.3.2-r0": ["CVE-2024-6119"], "3.3.1-r1": ["CVE-2024-5535 XSA-1"], "0": ["CVE-2022-0001"]}}},
           {"pkg": {"name": "busybox", "secfixes": {"1.36.1-r29": ["CVE-2023-42363", "CVE-2023-42366"]}}}
         ]}
        """

    static let tracker = """
        {"openssl": {
           "CVE-2024-0727": {"description": "PKCS12 NULL dereference", "scope": "local", "releases": {
              "bookworm": {"status": "resolved", "repositories": {"bookworm": "3.0.15-1~deb12u1"}, "fixed_version": "3.0.13-1~deb12u1", "urgency": "not yet assigned"},
              "bullseye": {"status": "resolved", "repositories": {"bullseye": "1.1.1w-0+deb11u1"}, "fixed_version": "1.1.1w-0+deb11u2", "urgency": "not yet assigned"},
              "sid": {"status": "resolved", "fixed_version": "3.1.5-1", "urgency": "not yet assigned"}}},
           "CVE-2010-5298": {"description": "never in bookworm", "releases": {
              "bookworm": {"status": "resolved", "fixed_version": "0", "urgency": "unimportant"}}},
           "TEMP-0000000-1": {"description": "open issue", "releases": {
              "bookworm": {"status": "open", "urgency": "unimportant", "nodsa": "Minor issue"}}}},
         "curl": {"CVE-2024-2398": {"releases": {"bookworm": {"status": "resolved", "fixed_version": "7.88.1-10+deb12u6"}}}}}
        """

    func write(_ text: String, _ name: String) throws -> String {
        try Paths.write(text, to: name, in: folder).path
    }

    @Test func alpineSecdbBecomesAdvisoriesForTheBranch() throws {
        let advisories = try AdvisoryReader.readFile(try write(Self.secdb, "main.json"))
        #expect(advisories.map(\.id) == ["CVE-2023-42363", "CVE-2023-42366", "CVE-2024-5535", "CVE-2024-6119"])
        let openssl = try #require(advisories.first { $0.id == "CVE-2024-6119" }?.affected.first)
        #expect(openssl.ecosystem == "Alpine:v3.20" && openssl.name == "openssl")
        #expect(try openssl.affects("3.3.1-r3") && !(try openssl.affects("3.3.2-r0")))
    }

    @Test func debianTrackerBecomesAdvisoriesPerRelease() throws {
        let advisories = try AdvisoryReader.readFile(try write(Self.tracker, "tracker.json"))
        #expect(advisories.map(\.id) == ["CVE-2024-0727", "CVE-2024-2398", "TEMP-0000000-1"], "never-affected and sid left out")
        let pkcs = try #require(advisories.first { $0.id == "CVE-2024-0727" })
        #expect(Set(pkcs.affected.map(\.ecosystem)) == ["Debian:12", "Debian:11"])
        #expect(pkcs.summary == "PKCS12 NULL dereference")
        let bookworm = try #require(pkcs.affected.first { $0.ecosystem == "Debian:12" })
        #expect(try bookworm.affects("3.0.11-1~deb12u2") && !(try bookworm.affects("3.0.13-1~deb12u1")))
        let open = try #require(advisories.first { $0.id == "TEMP-0000000-1" }?.affected.first)
        #expect(try open.affects("3.0.15-1~deb12u1"), "no fix yet: every version")
    }

    @Test func feedsImportAndMatchLikeOSV() throws {
        let database = try AdvisoryDatabase(path: folder.appendingPathComponent("feeds.db").path, create: true)
        let secdb = try write(Self.secdb, "secdb/main.json")
        let tracker = try write(Self.tracker, "debian/tracker.json")
        try database.importAdvisories(try AdvisoryReader.readFolder(folder.appendingPathComponent("secdb").path), from: secdb)
        try database.importAdvisories(try AdvisoryReader.readFile(tracker), from: tracker)
        #expect(
            try database.advisories(ecosystem: "Alpine:v3.20", name: "busybox").map(\.id).sorted() == [
                "CVE-2023-42363", "CVE-2023-42366",
            ])
        #expect(try database.advisories(ecosystem: "Debian:12", name: "curl").map(\.id) == ["CVE-2024-2398"])
        // A malformed feed names the file and what is missing.
        let broken = try write(#"{"distroversion": "v3.20", "packages": [{"pkg": {}}]}"#, "broken/main.json")
        let error = try #require(throws: (any Error).self) { try AdvisoryReader.readFile(broken) }
        #expect("\(error)".contains("broken/main.json") && "\(error)".contains("pkg.name"))
    }
}
