/// Small text helpers shared by the modules that read configuration files (compose, lint).

/// The Levenshtein distance between two short strings, for "did you mean" suggestions.
package func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

extension StringProtocol {
    /// The text without the characters of `set` at either end.
    package func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var start = startIndex
        var end = endIndex
        while start < end && characters.contains(self[start]) { start = index(after: start) }
        while end > start && characters.contains(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }
}

/// Finds, among many names, those within edit distance 2 of a query without comparing the query
/// with every name: two strings within distance 2 share a string that at most two deletions make
/// from each, so names are indexed under their deletion variants (names longer than 40
/// characters are not indexed and never suggested).
package struct NearNames {
    private var index: [String: [String]] = [:]

    package init<Names: Sequence<String>>(_ names: Names) {
        for name in Set(names) where name.count <= 40 {
            for variant in Self.variants(name) { index[variant, default: []].append(name) }
        }
    }

    /// The indexed names within distance 2 of `query` for which `include` holds, sorted.
    /// `include` is asked first, as it is usually cheaper than the distance.
    package func near(_ query: String, where include: (String) -> Bool = { _ in true }) -> [String] {
        guard query.count <= 40 else { return [] }
        var candidates = Set<String>()
        for variant in Self.variants(query) {
            for name in index[variant] ?? [] where !candidates.contains(name) && include(name) { candidates.insert(name) }
        }
        return candidates.filter { editDistance($0, query) <= 2 }.sorted()
    }

    /// The string and every string one or two deletions make from it.
    static func variants(_ name: String) -> Set<String> {
        let characters = Array(name)
        var result: Set<String> = [name]
        for first in characters.indices {
            var once = characters
            once.remove(at: first)
            result.insert(String(once))
            for second in once.indices {
                var twice = once
                twice.remove(at: second)
                result.insert(String(twice))
            }
        }
        return result
    }
}
