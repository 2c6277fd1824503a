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
