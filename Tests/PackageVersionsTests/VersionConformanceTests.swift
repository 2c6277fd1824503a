import Foundation
import PackageVersions
import TestSupport
import Testing

/// Each comparator beside the reference implementation that installs here: dpkg for Debian,
/// `packaging` for PEP 440, node-semver for npm. The pairs are fixed edge cases plus seeded
/// random versions in each scheme's grammar, so a disagreement is reproducible.
@Suite struct VersionConformanceTests {
    static func sign(_ value: Int) -> Int { value == 0 ? 0 : (value < 0 ? -1 : 1) }

    static let debianEdges = [
        ("1.0", "1.0"), ("1.0", "1.00"), ("1.0~rc1", "1.0"), ("1.0~~", "1.0~"), ("1.0-1", "1.0-1~bpo1"), ("1:0.1", "2.0"),
        ("2.30-1", "2.3-1"), ("1.2.3+dfsg-1", "1.2.3-1"), ("1.0a", "1.0+"), ("1.0.", "1.0"),
        ("7.88.1-10+deb12u5", "7.88.1-10+deb12u12"),
        ("0:1.0", "1.0"), ("1.0-0", "1.0"), ("3.0.11-1~deb12u2", "3.0.11-1"), ("1.0+b1", "1.0"),
        ("2.36-9+deb12u4", "2.36-9+deb12u10"),
    ]

    static func randomDebian(_ random: inout SeededGenerator) -> String {
        let pieces = ["0", "1", "2", "10", "01", ".", "~", "+", "a", "b", "rc", "deb12u", "~bpo", "dfsg", "9"]
        var upstream = String(Int.random(in: 0...12, using: &random))
        for _ in 0..<Int.random(in: 0...5, using: &random) { upstream += random.pick(pieces) }
        var text = random.chance(0.15) ? "\(Int.random(in: 0...2, using: &random)):" + upstream : upstream
        if random.chance(0.6) {
            text += "-" + String(Int.random(in: 0...5, using: &random)) + (random.chance(0.3) ? random.pick(pieces) : "")
        }
        return text
    }

    @Test func debianAgreesWithDpkg() throws {
        guard let dpkg = Paths.executable(named: "dpkg") else {
            if Paths.isCI { Issue.record("dpkg is not installed") }
            return
        }
        var random = SeededGenerator(seed: 440)
        var pairs = Self.debianEdges
        while pairs.count < 220 { pairs.append((Self.randomDebian(&random), Self.randomDebian(&random))) }
        var checked = 0
        for (a, b) in pairs {
            guard let left = try? DebianVersion(a), let right = try? DebianVersion(b) else { continue }
            let ours = Self.sign(DebianVersion.compare(left, right))
            let less = try ProcessRunner.run(dpkg, ["--compare-versions", a, "lt", b]).status == 0
            let equal = try ProcessRunner.run(dpkg, ["--compare-versions", a, "eq", b]).status == 0
            let theirs = less ? -1 : (equal ? 0 : 1)
            #expect(ours == theirs, "\(a) vs \(b): stagecraft \(ours), dpkg \(theirs)")
            checked += 1
        }
        #expect(checked > 150)
    }

    static let pep440Edges = [
        "1.0", "1.0.0", "1.0a1", "1.0a", "1.0alpha1", "1.0b2", "1.0rc1", "1.0c1", "1.0.dev0", "1.0a1.dev1", "1.0.post1",
        "1.0-1", "1.0.post1.dev2", "1!0.5", "1.0+local.1", "1.0+local.a", "1.0+2", "v2.1", "1.0RC2", "1.0_post3",
        "2.0.0b1", "0.9.9", "1.0.1", "1.0-dev", "1.0.rev4", "1.0r", "10.0", "1.0.0.0.1",
    ]

    static func randomPEP440(_ random: inout SeededGenerator) -> String {
        var text = (0..<Int.random(in: 1...3, using: &random)).map { _ in String(Int.random(in: 0...11, using: &random)) }.joined(
            separator: ".")
        if random.chance(0.1) { text = "1!" + text }
        if random.chance(0.3) {
            text += random.pick(["a", "b", "rc", ".a", "-beta"]) + String(Int.random(in: 0...3, using: &random))
        }
        if random.chance(0.25) { text += random.pick([".post", "-", "post"]) + String(Int.random(in: 0...3, using: &random)) }
        if random.chance(0.2) { text += ".dev" + String(Int.random(in: 0...3, using: &random)) }
        if random.chance(0.1) { text += "+" + random.pick(["1", "a", "ubuntu.1", "2.a"]) }
        return text
    }

    @Test func pep440AgreesWithPackaging() throws {
        guard let python = Paths.executable(named: "python3") else {
            if Paths.isCI { Issue.record("python3 is not installed") }
            return
        }
        var random = SeededGenerator(seed: 503)
        var versions = Self.pep440Edges
        while versions.count < 160 { versions.append(Self.randomPEP440(&random)) }
        // packaging sorts every version; its order (with ties) is the reference.
        let script = """
            import json, sys
            from packaging.version import Version
            versions = json.load(sys.stdin)
            parsed = [Version(v) for v in versions]
            print(json.dumps([[(a > b) - (a < b) for b in parsed] for a in parsed] + [[str(v) for v in parsed]]))
            """
        let input = try JSONSerialization.data(withJSONObject: versions)
        let result = try ProcessRunner.run(python, ["-c", script], input: input)
        guard result.status == 0 else {
            Issue.record("packaging is not importable (pip install packaging): \(result.stderrText)")
            return
        }
        let table = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[Any]])
        let normalised = try #require(table.last as? [String])
        let ours = try versions.map { try PEP440Version($0) }
        for (index, version) in ours.enumerated() {
            #expect(version.description == normalised[index], "\(versions[index]) normalises as packaging does")
            let row = try #require(table[index] as? [Int])
            for (other, expected) in row.enumerated() {
                let got = Self.sign(PEP440Version.compare(version, ours[other]))
                #expect(got == expected, "\(versions[index]) vs \(versions[other]): stagecraft \(got), packaging \(expected)")
            }
        }
    }

    static let ranges = [
        "^1.2.3", "^0.2.3", "^0.0.3", "^1.2", "^0.0", "~1.2.3", "~1.2", "~1", "1.x", "1.2.x", "*", "", ">=1.2.3 <2.0.0",
        ">1.2", "<=1.2", ">=1", "<1.2.3-beta.2", "1.2.3 - 2.3.4", "1.2 - 2", "1.2.3-alpha.3 - 1.2.3", "^1.2.3-beta.2",
        "~1.2.3-beta.2", "1.2.7 || >=1.2.9 <2.0.0", ">= 1.0.0", "=1.2.3", "v1.2.3", "0.x || >=3.1 <3.4", "<0.0.1", "^0.0.0",
    ]
    static let candidates = [
        "0.0.0", "0.0.1", "0.0.3", "0.0.4", "0.2.3", "0.2.9", "0.3.0", "1.0.0", "1.1.9", "1.2.0", "1.2.2", "1.2.3",
        "1.2.3-alpha.3", "1.2.3-beta.2", "1.2.3-beta.4", "1.2.4-beta.2", "1.2.7", "1.2.8", "1.2.9", "1.3.0", "1.9.9", "2.0.0",
        "2.0.0-rc.1", "2.3.4", "2.3.5", "3.1.0", "3.3.9", "3.4.0",
    ]

    @Test func npmRangesAgreeWithNodeSemver() throws {
        guard let semver = Paths.executable(named: "semver") else {
            if Paths.isCI { Issue.record("node-semver is not installed (Debian node-semver)") }
            return
        }
        // Debian's node modules live in /usr/share/nodejs, which a node not from Debian does not search.
        let environment = ["NODE_PATH": "/usr/share/nodejs"]
        for range in Self.ranges {
            let parsed = try SemverRange(range)
            let result = try ProcessRunner.run(semver, ["-r", range] + Self.candidates, environment: environment)
            #expect(result.status == 0 || result.stdout.isEmpty, "\(result.stderrText)")
            let theirs = Set(result.stdoutText.split(separator: "\n").map(String.init))
            let ours = Set(try Self.candidates.filter { parsed.contains(try SemanticVersion($0)) })
            #expect(
                ours == theirs,
                "\(range): only stagecraft \(ours.subtracting(theirs).sorted()), only node-semver \(theirs.subtracting(ours).sorted())"
            )
        }
        // Ordering: node-semver sorts the candidates; so must we.
        let sorted = try ProcessRunner.run(semver, Self.candidates, environment: environment).stdoutText.split(separator: "\n")
            .map(String.init)
        #expect(try Self.candidates.map { try SemanticVersion($0) }.sorted().map(\.description) == sorted)
    }
}

/// apk-tools cannot be installed here: its documented order, case by case (apk-tools' own
/// test/version.data style), including the leading-zero rule.
@Suite struct APKVersionTests {
    @Test(arguments: [
        ("1.0", "<", "1.1"), ("2.34", ">", "2.3"), ("1.0_alpha", "<", "1.0"), ("1.0_alpha1", "<", "1.0_alpha2"),
        ("1.0_beta", ">", "1.0_alpha"), ("1.0_rc1", ">", "1.0_beta2"), ("1.0_rc1", "<", "1.0"), ("1.0_p1", ">", "1.0"),
        ("1.0_git20200101", ">", "1.0"), ("1.0-r1", ">", "1.0"), ("1.0-r1", "<", "1.0-r2"), ("1.0-r10", ">", "1.0-r9"),
        ("1.2.3a", ">", "1.2.3"), ("1.2.3a", "<", "1.2.3b"), ("1.2.3b", "<", "1.2.4"), ("1.01", "<", "1.1"),
        ("1.001", "<", "1.01"), ("1.0", "=", "1.0"), ("1.0.0", ">", "1.0"), ("3.0.13-r0", "<", "3.0.15-r0"),
        ("1.36.1-r5", "<", "1.36.1-r15"), ("2.4.0_pre1", "<", "2.4.0"), ("2.4.0_cvs", ">", "2.4.0"),
        ("0.1.0_alpha", "<", "0.1.0"),
        ("1.0_p1", "<", "1.0_p2"), ("1.0_alpha_p1", ">", "1.0_alpha"), ("1.0_alpha_p1", "<", "1.0_beta"),
    ])
    func ordersAsApkTools(a: String, relation: String, b: String) throws {
        let order = APKVersion.compare(try APKVersion(a), try APKVersion(b))
        #expect(order == ["<": -1, "=": 0, ">": 1][relation], "\(a) \(relation) \(b), got \(order)")
        #expect(APKVersion.compare(try APKVersion(b), try APKVersion(a)) == -order, "antisymmetric")
    }

    @Test(arguments: ["", " ", "1.0_foo", "1.0-x1", "1.0__alpha", "1.0_alpha-", "1.0-r1a"])
    func refusesWhatApkToolsRefuses(text: String) {
        #expect(throws: VersionError.self) { try APKVersion(text) }
    }

    @Test func otherSchemesRefuseNonsenseWithTheReason() {
        #expect(throws: VersionError.self) { try DebianVersion("abc") }
        #expect(throws: VersionError.self) { try DebianVersion("x:1.0") }
        #expect(throws: VersionError.self) { try PEP440Version("1.0-foo") }
        #expect(throws: VersionError.self) { try SemanticVersion("1.2") }
        #expect(throws: VersionError.self) { try SemverRange("1.2.3 | 2") }
        #expect(throws: VersionError.self) { try SemverRange(">=banana") }
        let error = try? PEP440Version("not a version")
        #expect(error == nil)
    }
}
