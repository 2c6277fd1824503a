import Foundation
import StagecraftImage
import StagecraftSBOM
import TestSupport
import Testing

/// Packages of images built here layer by layer: which layer added each, and what later layers
/// removed.
@Suite final class ImageCatalogTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("sbom") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    static func layer(_ files: [(String, String)], whiteouts: [String] = []) -> [UInt8] {
        var writer = TarWriter()
        for (path, text) in files { writer.add(path, Array(text.utf8)) }
        for path in whiteouts { writer.add(path) }
        return writer.finish()
    }

    static func status(_ packages: [(String, String, String?)]) -> String {
        packages.map { name, version, source in
            "Package: \(name)\nStatus: install ok installed\nArchitecture: amd64\n" + (source.map { "Source: \($0)\n" } ?? "")
                + "Version: \(version)\nDescription: \(name)\n a continuation line\n"
        }.joined(separator: "\n")
    }

    /// A `docker save` archive of `layers`, with one history entry per layer.
    func archive(_ layers: [[UInt8]], history: [String]) throws -> String {
        var writer = TarWriter()
        for (index, layer) in layers.enumerated() { writer.add("l\(index)/layer.tar", layer) }
        let diffIDs = try layers.map { "\"\(try TestCompression.sha256($0))\"" }.joined(separator: ",")
        let entries = history.map { "{\"created_by\":\"\($0)\"}" }.joined(separator: ",")
        writer.add(
            "cfg.json",
            Array(
                #"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[\#(diffIDs)]},"history":[\#(entries)]}"#
                    .utf8))
        let names = layers.indices.map { "\"l\($0)/layer.tar\"" }.joined(separator: ",")
        writer.add("manifest.json", Array(#"[{"Config":"cfg.json","RepoTags":["sbom:1"],"Layers":[\#(names)]}]"#.utf8))
        let url = folder.appendingPathComponent("image.tar")
        try Data(writer.finish()).write(to: url)
        return url.path
    }

    func catalog(_ path: String) throws -> ImageCatalog {
        ImageCatalog(try ImageArchiveReader(capture: ImageCatalog.capture).read(path: path))
    }

    @Test func debianPackagesCarryTheLayerThatAddedThem() throws {
        let base = Self.layer([
            (
                "etc/os-release",
                "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n"
            ),
            ("var/lib/dpkg/status", Self.status([("libc6", "2.36-9+deb12u4", "glibc"), ("bash", "5.2.15-2+b2", nil)])),
        ])
        let login = Self.status([("login", "1:4.13+dfsg1-1+b1", "shadow (1:4.13+dfsg1-1)")])
        let curl = Self.layer([
            (
                "var/lib/dpkg/status",
                Self.status([
                    ("libc6", "2.36-9+deb12u4", "glibc"), ("bash", "5.2.15-2+b2", nil), ("curl", "7.88.1-10+deb12u5", nil),
                ])
            )
        ])
        let upgrade = Self.layer([
            (
                "var/lib/dpkg/status",
                Self.status([
                    ("libc6", "2.36-9+deb12u7", "glibc"), ("bash", "5.2.15-2+b2", nil), ("curl", "7.88.1-10+deb12u5", nil),
                ]) + "\n" + login
            )
        ])
        let path = try archive(
            [base, curl, upgrade],
            history: ["ADD rootfs.tar /", "RUN apt-get install -y curl", "RUN apt-get upgrade -y"])
        let sbom = try catalog(path)
        #expect(sbom.distribution?.id == "debian" && sbom.distribution?.versionID == "12")
        let byName = Dictionary(uniqueKeysWithValues: sbom.packages.map { ($0.name, $0) })
        #expect(Set(byName.keys) == ["libc6", "bash", "curl", "login"])
        // As syft writes them: qualifiers sorted, `:` kept, `+` and `@` encoded.
        #expect(
            byName["login"]?.purl
                == "pkg:deb/debian/login@1:4.13%2Bdfsg1-1%2Bb1?arch=amd64&distro=debian-12&upstream=shadow%401:4.13%2Bdfsg1-1")
        #expect(byName["bash"]?.layer == 0)
        #expect(byName["curl"]?.layer == 1 && byName["curl"]?.instruction == "RUN apt-get install -y curl")
        #expect(byName["libc6"]?.layer == 2, "the upgraded version came with the upgrade")
        #expect(byName["libc6"]?.version == "2.36-9+deb12u7")
        #expect(byName["libc6"]?.purl == "pkg:deb/debian/libc6@2.36-9%2Bdeb12u7?arch=amd64&distro=debian-12&upstream=glibc")
        #expect(byName["curl"]?.location == "/var/lib/dpkg/status")
    }

    @Test func deletedAndReplacedDatabasesAreNotCounted() throws {
        let site = "usr/lib/python3/dist-packages"
        let first = Self.layer([
            ("\(site)/requests-2.31.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\n\nbody"),
            ("\(site)/Jinja2-3.1.2.dist-info/METADATA", "Metadata-Version: 2.1\nName: Jinja2\nVersion: 3.1.2\n"),
            ("\(site)/old.egg-info/PKG-INFO", "Metadata-Version: 1.0\nName: old\nVersion: 0.1\n"),
            (
                "lib/apk/db/installed",
                "C:Q1abc\nP:busybox\nV:1.36.1-r5\nA:x86_64\no:busybox\n\nP:musl\nV:1.2.4-r2\nA:x86_64\no:musl\n"
            ),
        ])
        let cleanup = Self.layer(
            [("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:x86_64\no:musl\n")],
            whiteouts: ["\(site)/.wh.requests-2.31.0.dist-info", "\(site)/.wh.old.egg-info"])
        let path = try archive([first, cleanup], history: ["COPY . /", "RUN pip uninstall requests && apk del busybox"])
        let sbom = try catalog(path)
        #expect(sbom.packages.map(\.name).sorted() == ["jinja2", "musl"])
        let jinja = try #require(sbom.packages.first { $0.name == "jinja2" })
        #expect(jinja.kind == .python && jinja.purl == "pkg:pypi/jinja2@3.1.2" && jinja.layer == 0)
        let musl = try #require(sbom.packages.first { $0.name == "musl" })
        #expect(musl.layer == 0, "unchanged by the layer that rewrote the database")
        #expect(musl.purl.hasPrefix("pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64"))
    }

    /// Every `package.json` with a name and a version, as syft catalogs images: installed modules,
    /// an application's own manifest, Debian's packaged modules under /usr/share/nodejs.
    @Test func npmPackagesAreTheManifestsWithANameAndAVersion() throws {
        let app = "app/node_modules"
        let layer = Self.layer([
            ("\(app)/express/package.json", #"{"name": "express", "version": "4.19.2", "dependencies": {}}"#),
            ("\(app)/@types/node/package.json", #"{"name": "@types/node", "version": "20.11.5"}"#),
            ("\(app)/express/node_modules/debug/package.json", #"{"name": "debug", "version": "2.6.9"}"#),
            ("\(app)/express/lib/package.json", #"{"type": "module"}"#),
            ("app/package.json", #"{"name": "the-app", "version": "1.0.0", "private": true}"#),
            ("usr/share/nodejs/semver/package.json", #"{"name": "semver", "version": "7.3.8"}"#),
            ("\(app)/broken/package.json", "{not json"),
        ])
        let sbom = try catalog(try archive([layer], history: ["RUN npm ci"]))
        #expect(sbom.packages.map(\.name) == ["@types/node", "debug", "express", "semver", "the-app"])
        #expect(
            sbom.packages.map(\.purl) == [
                "pkg:npm/%40types/node@20.11.5", "pkg:npm/debug@2.6.9", "pkg:npm/express@4.19.2", "pkg:npm/semver@7.3.8",
                "pkg:npm/the-app@1.0.0",
            ])
        #expect(sbom.packages.allSatisfy { $0.kind == .npm && $0.instruction == "RUN npm ci" })
    }

    /// An ELF file with Go's inline build information (Go 1.18 and later): the magic at a
    /// 16-byte boundary, then the Go version and the module lines as varint-prefixed strings.
    static func goExecutable(version: String, modules: String) -> [UInt8] {
        func varint(_ value: Int) -> [UInt8] {
            var value = value
            var out: [UInt8] = []
            while value >= 0x80 {
                out.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            return out + [UInt8(value)]
        }
        let sentinel = [UInt8](repeating: 0xAB, count: 16)
        let info = sentinel + Array(modules.utf8) + sentinel
        var bytes: [UInt8] = [0x7F] + Array("ELF".utf8) + [UInt8](repeating: 0, count: 204)
        bytes += [0xFF] + Array(" Go buildinf:".utf8) + [8, 2] + [UInt8](repeating: 0, count: 16)
        bytes += varint(version.utf8.count) + Array(version.utf8) + varint(info.count) + info
        return bytes + [UInt8](repeating: 0, count: 64)
    }

    @Test func goExecutablesListTheirModulesAndTheStandardLibrary() throws {
        let modules = """
            path\texample.com/app
            mod\texample.com/app\t(devel)\t
            dep\tgolang.org/x/text\tv0.3.7\th1:abc=
            dep\texample.com/greet\tv1.2.3\t
            =>\t../greet\t(devel)\t
            build\t-compiler=gc

            """
        var writer = TarWriter()
        writer.add("usr/local/bin/app", Self.goExecutable(version: "go1.19.8", modules: modules), mode: 0o755)
        writer.add("usr/local/bin/script", Array("#!/bin/sh\necho Go buildinf:\n".utf8), mode: 0o755)
        writer.add("usr/local/bin/old", [0x7F] + Array("ELF".utf8) + [UInt8](repeating: 1, count: 300), mode: 0o755)
        let sbom = try catalog(try archive([writer.finish()], history: ["COPY app /usr/local/bin/app"]))
        #expect(
            sbom.packages.map { "\($0.name) \($0.version) \($0.purl)" } == [
                "../greet (devel) pkg:golang/../greet@(devel)",
                "example.com/app (devel) pkg:golang/example.com/app@(devel)",
                "golang.org/x/text v0.3.7 pkg:golang/golang.org/x/text@v0.3.7",
                "stdlib go1.19.8 pkg:golang/stdlib@1.19.8",
            ])
        #expect(sbom.packages.allSatisfy { $0.kind == .goModule && $0.location == "/usr/local/bin/app" && $0.layer == 0 })
    }

    /// A build context's package-lock.json files (v3 and v1), outside node_modules: what a
    /// production install pins, the same set syft's lock cataloger reads (links aside).
    @Test func aBuildContextListsWhatItsLockFilesPin() throws {
        let context = folder.appendingPathComponent("context")
        for path in ["web", "api", "web/node_modules/x"] {
            try FileManager.default.createDirectory(at: context.appendingPathComponent(path), withIntermediateDirectories: true)
        }
        try Data(
            #"""
            {"name": "web", "version": "1.0.0", "lockfileVersion": 3, "packages": {
              "": {"name": "web", "version": "1.0.0"},
              "node_modules/express": {"version": "4.19.2"},
              "node_modules/express/node_modules/debug": {"version": "2.6.9"},
              "node_modules/@types/node": {"version": "20.1.0", "dev": true},
              "node_modules/local-lib": {"resolved": "file:../lib", "link": true},
              "node_modules/aliased": {"name": "real-name", "version": "1.2.3"}}}
            """#.utf8
        ).write(to: context.appendingPathComponent("web/package-lock.json"))
        try Data(
            #"{"name": "api", "version": "0.1.0", "lockfileVersion": 1, "dependencies": {"ms": {"version": "2.1.3"}, "jest": {"version": "29.7.0", "dev": true}, "body-parser": {"version": "1.20.2", "dependencies": {"qs": {"version": "6.11.0"}}}}}"#
                .utf8
        ).write(to: context.appendingPathComponent("api/package-lock.json"))
        try Data(#"{"packages": {"node_modules/ignored": {"version": "9.9.9"}}}"#.utf8).write(
            to: context.appendingPathComponent("web/node_modules/x/package-lock.json"))
        let catalog = try ImageCatalog(folder: context.path)
        #expect(
            catalog.packages.map { "\($0.name) \($0.version) \($0.location)" } == [
                "body-parser 1.20.2 /api/package-lock.json", "debug 2.6.9 /web/package-lock.json",
                "express 4.19.2 /web/package-lock.json", "ms 2.1.3 /api/package-lock.json", "qs 6.11.0 /api/package-lock.json",
                "real-name 1.2.3 /web/package-lock.json", "web 1.0.0 /web/package-lock.json",
            ])
        #expect(catalog.packages.first { $0.name == "express" }?.purl == "pkg:npm/express@4.19.2")
        guard let syft = Paths.executable(named: "syft") else {
            if Paths.isCI { Issue.record("syft is not installed; scripts/test.sh installs it") }
            return
        }
        try FileManager.default.removeItem(at: context.appendingPathComponent("web/node_modules"))
        let theirs = try ProcessRunner.run(syft, ["-q", "dir:\(context.path)", "-o", "syft-json"], timeout: 300)
        try #require(theirs.status == 0, "\(theirs.stderrText)")
        let artifacts =
            (try JSONSerialization.jsonObject(with: theirs.stdout) as? [String: Any])?["artifacts"] as? [[String: Any]]
        let syfts = Set((artifacts ?? []).map { "\($0["name"] as? String ?? "") \($0["version"] as? String ?? "")" })
        let ours = Set(catalog.packages.map { "\($0.name) \($0.version)" })
        #expect(syfts.subtracting(ours) == ["local-lib UNKNOWN"], "syft lists the linked folder with no version")
        #expect(ours.subtracting(syfts) == ["qs 6.11.0"], "a v1 lock file's nested dependency, which syft does not read")
    }

    @Test func brokenEntriesAreSkippedNotFatal() throws {
        let layer = Self.layer([
            (
                "var/lib/dpkg/status",
                "Package: ok\nStatus: install ok installed\nVersion: 1.0\n\nPackage: no-version\n\nnonsense\n\nPackage: gone\nStatus: deinstall ok config-files\nVersion: 2\n"
            ),
            ("var/lib/dpkg/status.d/base", "Package: distroless-base\nVersion: 1.2\n"),
            ("x/broken.dist-info/METADATA", "\u{FF}\u{FE}garbage"),
        ])
        let sbom = try catalog(try archive([layer], history: ["ADD x"]))
        #expect(sbom.packages.map(\.name).sorted() == ["distroless-base", "ok"])
    }

    @Test func theCommandPrintsTheCatalogAndRefusesWhatIsNotAnImage() throws {
        let base = Self.layer([
            ("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"),
            ("var/lib/dpkg/status", Self.status([("bash", "5.2.15-2+b2", nil)])),
        ])
        let path = try archive([base], history: ["ADD rootfs.tar /"])
        let json = try ProcessRunner.run(Paths.stagecraft.path, ["sbom", "--format", "json", path])
        #expect(json.status == 0, "\(json.stderrText)")
        let document = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let packages = try #require(document["packages"] as? [[String: Any]])
        #expect(packages.count == 1 && packages.first?["name"] as? String == "bash")
        #expect(packages.first?["instruction"] as? String == "ADD rootfs.tar /")
        let table = try ProcessRunner.run(Paths.stagecraft.path, ["sbom", path])
        #expect(table.stdoutText.contains("1 packages on debian 12"))
        let notImage = folder.appendingPathComponent("not-an-image.tar")
        try Data("hello".utf8).write(to: notImage)
        let refused = try ProcessRunner.run(Paths.stagecraft.path, ["sbom", notImage.path])
        #expect(refused.status == 2 && refused.stdout.isEmpty)
        #expect(refused.stderrText.contains("not-an-image.tar"))
    }
}
