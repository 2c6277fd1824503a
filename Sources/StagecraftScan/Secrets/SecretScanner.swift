import Foundation
import StagecraftConfiguration
import StagecraftImage

/// One credential found in a text: the rule, the line, and the line with every secret on it
/// replaced by `*****` (the value itself is never kept).
public struct SecretMatch: Sendable, Equatable {
    public var rule: String
    public var title: String
    public var category: String
    public var severity: FindingSeverity
    public var line: Int
    public var excerpt: String
}

/// Finds credentials in texts with the built-in rules, less those the settings disable; knows
/// which paths are noise (documentation, tests, vendored language runtimes) and which files are
/// binaries.
public struct SecretScanner: Sendable {
    public let rules: [SecretRule]
    public let settings: SecretSettings

    public init(settings: SecretSettings = SecretSettings()) {
        self.settings = settings
        rules = SecretRule.builtIn.filter { !settings.disable.contains($0.id) }
    }

    /// Paths whose files are not read (Trivy's built-in allow rules, as paths inside an image):
    /// package metadata, tests and examples, documentation, locales, and the trees of language
    /// runtimes and distribution packages.
    static let noisePaths: [NSRegularExpression] = [
        #"\.dist-info/"#, #"(?i)(?:^|/)tests?(?:/|$)|[-_.]test(?:s)?[/.]"#, #"(?i)(?:^|/)examples?(?:/|$)"#, #"/vendor/"#,
        #"^usr/(?:share|include|lib)/"#, #"/locales?/"#, #"\.(?:md|rst|adoc)$"#, #"^opt/yarn-v[\d.]+/"#, #"^usr/local/go/"#,
        #"^usr/local/lib/python[\d.]+/"#, #"^usr/lib/gems/"#, #"^usr/src/wordpress/"#, #"^var/log/anaconda/"#,
        #"^etc/ssl/certs/"#, #"^var/lib/dpkg/"#, #"^var/cache/"#, #"^lib/apk/"#,
    ].compactMap { try? NSRegularExpression(pattern: $0) }

    /// Whether files at `path` (inside an image, no leading `/`) are read.
    public func reads(_ path: String) -> Bool {
        let range = NSRange(path.startIndex..., in: path)
        if Self.noisePaths.contains(where: { $0.firstMatch(in: path, range: range) != nil }) { return false }
        return !settings.skipPaths.contains { fnmatch($0, path, 0) == 0 || fnmatch($0, "/" + path, 0) == 0 }
    }

    /// What an image read keeps for a secret scan: the files (up to the size limit) with a match.
    public var capture: FileCapture {
        FileCapture(maximumFileSize: settings.maxFileSize ?? 0) {
            reads($0)
        } keeping: { _, bytes in
            matches(in: bytes).isEmpty ? nil : bytes
        }
    }

    /// The matches in a file's bytes; none in a binary (a NUL byte in its first 8,000 bytes, as
    /// git decides).
    public func matches(in bytes: [UInt8]) -> [SecretMatch] {
        if bytes.prefix(8000).contains(0) { return [] }
        let lowered = bytes.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }
        let active = rules.filter { rule in rule.keywords.contains { Self.find(Array($0.utf8), in: lowered, from: 0) != nil } }
        guard !active.isEmpty else { return [] }
        var lineStarts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { lineStarts.append(offset + 1) }
        func lineIndex(_ offset: Int) -> Int {
            var low = 0
            var high = lineStarts.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
            }
            return low
        }
        func lineText(_ index: Int) -> String {
            let end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
            return String(decoding: bytes[lineStarts[index]..<max(lineStarts[index], end)], as: UTF8.self)
        }
        var found: [Int: [(rule: SecretRule, secret: NSRange)]] = [:]
        for rule in active where rule.spansLines {
            // Rules whose match spans lines run on the whole text; the excerpt is the line the
            // match starts on, with what of the secret is on it masked.
            let text = String(decoding: bytes, as: UTF8.self)
            let starts = Self.lineStartsUTF16(text)
            for hit in Self.secrets(rule, in: text) {
                let line = starts.lastIndex { $0 <= hit.match.location } ?? 0
                let lineStart = starts[line]
                let lineEnd = line + 1 < starts.count ? starts[line + 1] - 1 : (text as NSString).length
                let start = max(hit.secret.location, lineStart)
                let end = min(hit.secret.location + hit.secret.length, lineEnd)
                found[line, default: []].append((rule, NSRange(location: start - lineStart, length: max(0, end - start))))
            }
        }
        // The other rules run only on the lines that hold one of their keywords.
        var candidateLines: [String: Set<Int>] = [:]
        for rule in active where !rule.spansLines {
            for keyword in rule.keywords {
                let needle = Array(keyword.utf8)
                var from = 0
                while let at = Self.find(needle, in: lowered, from: from) {
                    candidateLines[rule.id, default: []].insert(lineIndex(at))
                    from = at + needle.count
                }
            }
        }
        for rule in active {
            for line in (candidateLines[rule.id] ?? []).sorted() {
                for hit in Self.secrets(rule, in: lineText(line)) { found[line, default: []].append((rule, hit.secret)) }
            }
        }
        var matches: [SecretMatch] = []
        for (line, hits) in found.sorted(by: { $0.key < $1.key }) {
            let excerpt = Self.masked(lineText(line), hits.map(\.secret))
            var seen: Set<String> = []
            let specific = hits.contains { !$0.rule.isGeneric }
            for hit in hits where !(specific && hit.rule.isGeneric) && seen.insert(hit.rule.id).inserted {
                matches.append(
                    SecretMatch(
                        rule: hit.rule.id, title: hit.rule.title, category: hit.rule.category, severity: hit.rule.severity,
                        line: line + 1, excerpt: excerpt))
            }
        }
        return matches
    }

    /// The matches in one line of text (an environment variable, a history entry).
    public func matches(in text: String) -> [SecretMatch] { matches(in: Array(text.utf8)) }

    /// Each accepted secret of `rule` in `text`: the value, and the UTF-16 ranges of the value
    /// and of the whole match.
    static func secrets(_ rule: SecretRule, in text: String) -> [(value: String, secret: NSRange, match: NSRange)] {
        guard let expression = rule.expression else { return [] }
        let whole = NSRange(location: 0, length: (text as NSString).length)
        var out: [(String, NSRange, NSRange)] = []
        for result in expression.matches(in: text, range: whole) {
            var range = result.range
            for name in ["secret", "secret2"] {
                let named = result.range(withName: name)
                if named.location != NSNotFound {
                    range = named
                    break
                }
            }
            let value = (text as NSString).substring(with: range)
            let nameRange = result.range(withName: "name")
            let name = nameRange.location == NSNotFound ? "" : (text as NSString).substring(with: nameRange)
            if rule.accepts(value, name) { out.append((value, range, result.range)) }
        }
        return out
    }

    /// `line` with each range replaced by `*****`, cut to 160 characters around the first.
    static func masked(_ line: String, _ ranges: [NSRange]) -> String {
        var result = mask(line, ranges).trimmingCharacters(in: .whitespaces)
        if result.count > 160, let star = result.range(of: "*****") {
            let before = result.distance(from: result.startIndex, to: star.lowerBound)
            let start = result.index(result.startIndex, offsetBy: max(0, before - 60))
            result = (start > result.startIndex ? "…" : "") + String(result[start...].prefix(160)) + "…"
        }
        return result
    }

    /// `text` with each (UTF-16) range replaced by `*****`.
    static func mask(_ text: String, _ ranges: [NSRange]) -> String {
        let text = text as NSString
        var pieces: [String] = []
        var cursor = 0
        for range in ranges.sorted(by: { $0.location < $1.location })
        where range.length > 0 && range.location >= cursor && range.location < text.length {
            pieces.append(text.substring(with: NSRange(location: cursor, length: range.location - cursor)))
            pieces.append("*****")
            cursor = min(text.length, range.location + range.length)
        }
        if cursor < text.length { pieces.append(text.substring(from: cursor)) }
        return pieces.joined()
    }

    /// `text` with every secret any rule finds in it replaced by `*****`.
    public func masking(_ text: String) -> String {
        let lowered = text.lowercased()
        let ranges = rules.filter { $0.keywords.contains(where: lowered.contains) }.flatMap {
            Self.secrets($0, in: text).map(\.secret)
        }
        return Self.mask(text, ranges)
    }

    static func lineStartsUTF16(_ text: String) -> [Int] {
        var starts = [0]
        var offset = 0
        for unit in text.utf16 {
            offset += 1
            if unit == 10 { starts.append(offset) }
        }
        return starts
    }

    /// The first offset at or after `from` where `needle` occurs in `haystack`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, haystack.count - from >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            var at = from
            let last = buffer.count - needle.count
            while at <= last {
                guard let hit = memchr(base + at, Int32(first), last - at + 1) else { return nil }
                let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if buffer[offset..<offset + needle.count].elementsEqual(needle) { return offset }
                at = offset + 1
            }
            return nil
        }
    }
}
