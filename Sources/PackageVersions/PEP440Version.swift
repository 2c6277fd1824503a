/// A Python package version as PEP 440 defines it, read with the normalisations `packaging`
/// applies (`1.0RC1` is `1.0rc1`, `1.0-1` is `1.0.post1`, `v1.0` is `1.0`) and ordered as
/// `packaging.version.Version` orders it: epoch, release (trailing zeros ignored), then
/// dev-only < pre < release < post, and the local label last.
/// See https://peps.python.org/pep-0440/
public struct PEP440Version: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let epoch: Int
    public let release: [Int]
    /// `a`, `b` or `rc`, with its number.
    public let pre: (label: String, number: Int)?
    public let post: Int?
    public let dev: Int?
    /// The local label's parts (numbers compare as numbers, above letters).
    public let local: [String]
    public let description: String

    public init(_ text: String) throws(VersionError) {
        var scanner = Scanner(Array(text.trimmingSpaces().lowercased().utf8))
        func fail(_ reason: String = "is not a PEP 440 version") -> VersionError {
            VersionError(scheme: "PEP 440", text: text, reason: reason)
        }
        _ = scanner.skip("v")
        var epoch = 0
        var release = [scanner.number()].compactMap { $0 }
        guard !release.isEmpty else { throw fail() }
        if scanner.skip("!") {
            epoch = release[0]
            release = [scanner.number()].compactMap { $0 }
            guard !release.isEmpty else { throw fail() }
        }
        while scanner.peek("."), scanner.peekDigit(at: 1) {
            _ = scanner.skip(".")
            guard let part = scanner.number() else { throw fail() }
            release.append(part)
        }
        var pre: (String, Int)?
        let preMark = scanner.index
        _ = scanner.separator()
        let preLabels: [(String, String)] = [
            ("alpha", "a"), ("beta", "b"), ("preview", "rc"), ("pre", "rc"), ("rc", "rc"), ("c", "rc"), ("a", "a"), ("b", "b"),
        ]
        if let (written, label) = preLabels.first(where: { scanner.peek($0.0) }) {
            scanner.index += written.utf8.count
            _ = scanner.separator()
            pre = (label, scanner.number() ?? 0)
        } else {
            scanner.index = preMark
        }
        var post: Int?
        let postMark = scanner.index
        if scanner.skip("-"), let number = scanner.number() {
            post = number
        } else {
            scanner.index = postMark
            _ = scanner.separator()
            if let written = ["post", "rev", "r"].first(where: { scanner.peek($0) }) {
                scanner.index += written.utf8.count
                _ = scanner.separator()
                post = scanner.number() ?? 0
            } else {
                scanner.index = postMark
            }
        }
        var dev: Int?
        let devMark = scanner.index
        _ = scanner.separator()
        if scanner.skip("dev") {
            _ = scanner.separator()
            dev = scanner.number() ?? 0
        } else {
            scanner.index = devMark
        }
        var local: [String] = []
        if scanner.skip("+") {
            let rest = String(decoding: scanner.bytes[scanner.index...], as: UTF8.self)
            local = rest.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "_" }).map(String.init)
            guard !local.isEmpty, local.allSatisfy({ $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }) else {
                throw fail("has an invalid local label")
            }
            scanner.index = scanner.bytes.count
        }
        guard scanner.atEnd else { throw fail() }
        self.epoch = epoch
        self.release = release
        self.pre = pre
        self.post = post
        self.dev = dev
        self.local = local
        var normal = (epoch != 0 ? "\(epoch)!" : "") + release.map(String.init).joined(separator: ".")
        if let pre { normal += "\(pre.0)\(pre.1)" }
        if let post { normal += ".post\(post)" }
        if let dev { normal += ".dev\(dev)" }
        if !local.isEmpty { normal += "+" + local.joined(separator: ".") }
        description = normal
    }

    public static func == (lhs: PEP440Version, rhs: PEP440Version) -> Bool { compare(lhs, rhs) == 0 }
    public static func < (lhs: PEP440Version, rhs: PEP440Version) -> Bool { compare(lhs, rhs) < 0 }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(epoch)
        hasher.combine(Array(release.reversed().drop { $0 == 0 }.reversed()))
    }

    /// Whether it is a pre-release (`a`, `b`, `rc` or `dev`).
    public var isPrerelease: Bool { pre != nil || dev != nil }

    /// -1, 0 or 1, as `packaging` sorts (its `_cmpkey`).
    public static func compare(_ a: PEP440Version, _ b: PEP440Version) -> Int {
        if a.epoch != b.epoch { return a.epoch < b.epoch ? -1 : 1 }
        let count = max(a.release.count, b.release.count)
        for index in 0..<count {
            let x = index < a.release.count ? a.release[index] : 0
            let y = index < b.release.count ? b.release[index] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        let preOrder = sign(preKey(a), preKey(b))
        if preOrder != 0 { return preOrder }
        let postOrder = sign(a.post.map { $0 } ?? -1, b.post.map { $0 } ?? -1)
        if postOrder != 0 { return postOrder }
        let devOrder = sign(a.dev ?? Int.max, b.dev ?? Int.max)
        if devOrder != 0 { return devOrder }
        return compareLocal(a.local, b.local)
    }

    /// packaging's pre key: a dev-only release first, a release with no pre-release last.
    private static func preKey(_ version: PEP440Version) -> (Int, Int) {
        if version.pre == nil && version.post == nil && version.dev != nil { return (-1, 0) }
        guard let pre = version.pre else { return (3, 0) }
        return (["a": 0, "b": 1, "rc": 2][pre.label] ?? 2, pre.number)
    }

    private static func sign(_ a: (Int, Int), _ b: (Int, Int)) -> Int { a == b ? 0 : (a < b ? -1 : 1) }
    private static func sign(_ a: Int, _ b: Int) -> Int { a == b ? 0 : (a < b ? -1 : 1) }

    /// No local label sorts first; parts compare numbers above strings, numerically.
    private static func compareLocal(_ a: [String], _ b: [String]) -> Int {
        if a.isEmpty || b.isEmpty { return sign(a.isEmpty ? 0 : 1, b.isEmpty ? 0 : 1) }
        for (x, y) in zip(a, b) where x != y {
            switch (Int(x), Int(y)) {
            case (let m?, let n?): if m != n { return m < n ? -1 : 1 }
            case (.some, nil): return 1
            case (nil, .some): return -1
            case (nil, nil): return x < y ? -1 : 1
            }
        }
        return sign(a.count, b.count)
    }

    /// Reads ASCII bytes for the parser.
    struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index >= bytes.count }

        func peek(_ text: String) -> Bool { bytes[index...].starts(with: text.utf8) }

        func peekDigit(at offset: Int) -> Bool {
            index + offset < bytes.count && bytes[index + offset] >= 0x30 && bytes[index + offset] <= 0x39
        }

        mutating func skip(_ text: String) -> Bool {
            guard peek(text) else { return false }
            index += text.utf8.count
            return true
        }

        /// `.`, `-` or `_`, which PEP 440 allows between parts.
        mutating func separator() -> Bool {
            guard !atEnd, [UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_")].contains(bytes[index]) else { return false }
            index += 1
            return true
        }

        mutating func number() -> Int? {
            var value = 0
            var length = 0
            while peekDigit(at: 0) {
                guard value < Int.max / 10 - 10 else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                length += 1
            }
            return length > 0 ? value : nil
        }
    }
}
