/// An Alpine package version (`1.2.3_rc1-r4`), ordered as apk-tools 2 orders it
/// (`apk_version_compare`): digit and letter tokens, then suffixes (`_alpha`, `_beta`, `_pre`,
/// `_rc` before the release; `_cvs`, `_svn`, `_git`, `_hg`, `_p` after), then the `-r` revision.
/// A component after a dot that starts with zeros is compared as a fraction would be, so `1.01` <
/// `1.1` and `1.001` < `1.01`, as in apk-tools (not as univers compares them). Validation is
/// apk-tools' too, which is lenient: `1..0` and `1.0-r` are versions to it.
public struct APKVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let description: String

    public init(_ text: String) throws(VersionError) {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { throw VersionError(scheme: "apk", text: text, reason: "is empty") }
        guard Self.isValid(Array(trimmed.utf8)) else {
            throw VersionError(scheme: "apk", text: text, reason: "is not a valid apk version (digits, letters, _suffix, -rN)")
        }
        description = trimmed
    }

    public static func < (lhs: APKVersion, rhs: APKVersion) -> Bool { compare(lhs, rhs) < 0 }
    public static func == (lhs: APKVersion, rhs: APKVersion) -> Bool { compare(lhs, rhs) == 0 }
    public func hash(into hasher: inout Hasher) { hasher.combine(0) }

    /// -1, 0 or 1.
    public static func compare(_ a: APKVersion, _ b: APKVersion) -> Int {
        compare(Array(a.description.utf8), Array(b.description.utf8))
    }

    enum Token: Int, Comparable {
        case invalid = -1, digitOrZero, digit, letter, suffix, suffixNumber, revisionNumber, end
        static func < (lhs: Token, rhs: Token) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// A cursor over a version's bytes, reading tokens as apk-tools' `get_token`/`next_token`.
    struct Reader {
        let bytes: [UInt8]
        var index = 0
        var type = Token.digit

        static let preSuffixes = ["alpha", "beta", "pre", "rc"].map { Array($0.utf8) }
        static let postSuffixes = ["cvs", "svn", "git", "hg", "p"].map { Array($0.utf8) }

        var remaining: Int { bytes.count - index }

        static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }

        mutating func nextToken() {
            var next = Token.invalid
            if remaining == 0 {
                next = .end
            } else if (type == .digit || type == .digitOrZero) && Self.isLower(bytes[index]) {
                next = .letter
            } else if type == .letter && Self.isDigit(bytes[index]) {
                next = .digit
            } else if type == .suffix && Self.isDigit(bytes[index]) {
                next = .suffixNumber
            } else {
                switch bytes[index] {
                case UInt8(ascii: "."): next = .digitOrZero
                case UInt8(ascii: "_"): next = .suffix
                case UInt8(ascii: "-"):
                    if remaining > 1 && bytes[index + 1] == UInt8(ascii: "r") {
                        next = .revisionNumber
                        index += 1
                    }
                default: break
                }
                index += 1
            }
            if next < type {
                let allowed =
                    (next == .digitOrZero && type == .digit) || (next == .suffix && type == .suffixNumber)
                    || (next == .digit && type == .letter)
                if !allowed { next = .invalid }
            }
            type = next
        }

        mutating func token() -> Int64 {
            guard remaining > 0 else {
                type = .end
                return 0
            }
            var value: Int64 = 0
            var length = 0
            var following = Token.invalid
            func digits() {
                while index + length < bytes.count && Self.isDigit(bytes[index + length]) {
                    value = value &* 10 &+ Int64(bytes[index + length] - 0x30)
                    length += 1
                }
            }
            switch type {
            case .digitOrZero where bytes[index] == UInt8(ascii: "0"):
                // Every leading zero but the last counts -1; the last is read as the number after.
                while index + length + 1 < bytes.count && bytes[index + length + 1] == UInt8(ascii: "0") { length += 1 }
                following = .digit
                value = -Int64(length)
            case .digitOrZero, .digit, .suffixNumber, .revisionNumber:
                digits()
            case .letter:
                value = Int64(bytes[index])
                length = 1
            case .suffix:
                let rest = bytes[index...]
                if let found = Self.preSuffixes.firstIndex(where: { rest.starts(with: $0) }) {
                    value = Int64(found - Self.preSuffixes.count)
                    length = Self.preSuffixes[found].count
                } else if let found = Self.postSuffixes.firstIndex(where: { rest.starts(with: $0) }) {
                    value = Int64(found)
                    length = Self.postSuffixes[found].count
                } else {
                    type = .invalid
                    return -1
                }
            default:
                type = .invalid
                return -1
            }
            index += length
            if remaining == 0 {
                type = .end
            } else if following != .invalid {
                type = following
            } else {
                nextToken()
            }
            return value
        }
    }

    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var left = Reader(bytes: a)
        var right = Reader(bytes: b)
        var av: Int64 = 0
        var bv: Int64 = 0
        while left.type == right.type && left.type != .end && left.type != .invalid && av == bv {
            av = left.token()
            bv = right.token()
        }
        if av < bv { return -1 }
        if av > bv { return 1 }
        if left.type == right.type { return 0 }
        // Equal so far: the longer one is greater, unless what follows is a pre-release suffix.
        var peekLeft = left
        var peekRight = right
        if left.type == .suffix && peekLeft.token() < 0 { return -1 }
        if right.type == .suffix && peekRight.token() < 0 { return 1 }
        if left.type > right.type { return -1 }
        if right.type > left.type { return 1 }
        return 0
    }

    /// apk-tools' `apk_version_validate`: every token reads and the version ends cleanly.
    static func isValid(_ bytes: [UInt8]) -> Bool {
        var reader = Reader(bytes: bytes)
        while reader.type != .end && reader.type != .invalid { _ = reader.token() }
        return reader.type == .end
    }
}
