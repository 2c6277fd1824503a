/// A Debian package version, `[epoch:]upstream[-revision]`, ordered as dpkg orders it
/// (`dpkg --compare-versions`): epochs numerically, then upstream and revision with dpkg's
/// `verrevcmp`, where `~` sorts before everything, even the end of the string.
/// See deb-version(7).
public struct DebianVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let epoch: Int
    public let upstream: String
    public let revision: String
    public let description: String

    public init(_ text: String) throws(VersionError) {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { throw VersionError(scheme: "dpkg", text: text, reason: "is empty") }
        var rest = Substring(trimmed)
        if let colon = rest.firstIndex(of: ":") {
            guard let epoch = Int(rest[..<colon]), epoch >= 0 else {
                throw VersionError(scheme: "dpkg", text: text, reason: "has an epoch that is not a number")
            }
            self.epoch = epoch
            rest = rest[rest.index(after: colon)...]
        } else {
            epoch = 0
        }
        if let hyphen = rest.lastIndex(of: "-") {
            upstream = String(rest[..<hyphen])
            revision = String(rest[rest.index(after: hyphen)...])
        } else {
            upstream = String(rest)
            revision = ""
        }
        guard let first = upstream.unicodeScalars.first, ("0"..."9").contains(first) else {
            throw VersionError(scheme: "dpkg", text: text, reason: "must start with a digit")
        }
        let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.+~-:".unicodeScalars)
        guard upstream.unicodeScalars.allSatisfy(allowed.contains), revision.unicodeScalars.allSatisfy(allowed.contains)
        else {
            throw VersionError(scheme: "dpkg", text: text, reason: "has a character dpkg does not allow")
        }
        description = trimmed
    }

    public static func < (lhs: DebianVersion, rhs: DebianVersion) -> Bool { compare(lhs, rhs) < 0 }

    public static func == (lhs: DebianVersion, rhs: DebianVersion) -> Bool { compare(lhs, rhs) == 0 }

    /// Only the epoch: versions dpkg calls equal can be written differently (`1.0` and `1.00`).
    public func hash(into hasher: inout Hasher) { hasher.combine(epoch) }

    /// -1, 0 or 1, as dpkg's `versioncompare`.
    public static func compare(_ a: DebianVersion, _ b: DebianVersion) -> Int {
        if a.epoch != b.epoch { return a.epoch < b.epoch ? -1 : 1 }
        let upstream = verrevcmp(Array(a.upstream.utf8), Array(b.upstream.utf8))
        if upstream != 0 { return upstream }
        return verrevcmp(Array(a.revision.utf8), Array(b.revision.utf8))
    }

    /// dpkg's `order`: `~` first, then the end of a part, then letters, then everything else.
    private static func order(_ byte: UInt8?) -> Int {
        guard let byte else { return 0 }
        switch byte {
        case UInt8(ascii: "~"): return -1
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return 0
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(byte)
        default: return Int(byte) + 256
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// dpkg's `verrevcmp`: alternate non-digit runs (compared by ``order(_:)``) and digit runs
    /// (compared numerically, whatever their length).
    static func verrevcmp(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            var firstDifference = 0
            while (i < a.count && !isDigit(a[i])) || (j < b.count && !isDigit(b[j])) {
                let ac = order(i < a.count ? a[i] : nil)
                let bc = order(j < b.count ? b[j] : nil)
                if ac != bc { return ac < bc ? -1 : 1 }
                i += 1
                j += 1
            }
            while i < a.count && a[i] == 0x30 { i += 1 }
            while j < b.count && b[j] == 0x30 { j += 1 }
            while i < a.count && isDigit(a[i]) && j < b.count && isDigit(b[j]) {
                if firstDifference == 0 { firstDifference = Int(a[i]) - Int(b[j]) }
                i += 1
                j += 1
            }
            if i < a.count && isDigit(a[i]) { return 1 }
            if j < b.count && isDigit(b[j]) { return -1 }
            if firstDifference != 0 { return firstDifference < 0 ? -1 : 1 }
        }
        return 0
    }
}
