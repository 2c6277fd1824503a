/// A unified diff (`diff -u`) between two versions of a file, three lines of context.
public enum UnifiedDiff {
    public static func render(old: String, new: String, path: String) -> String {
        let a = lines(old)
        let b = lines(new)
        guard a != b else { return "" }
        // Longest common subsequence table; Dockerfiles are small.
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        enum Op { case same(String), remove(String), add(String) }
        var ops: [Op] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count && j < b.count && a[i] == b[j] {
                ops.append(.same(a[i]))
                i += 1
                j += 1
            } else if j < b.count && (i == a.count || table[i][j + 1] > table[i + 1][j]) {
                ops.append(.add(b[j]))
                j += 1
            } else {
                ops.append(.remove(a[i]))
                i += 1
            }
        }
        var out = "--- a/\(path)\n+++ b/\(path)\n"
        let changed = ops.indices.filter { if case .same = ops[$0] { return false } else { return true } }
        var hunkStart = 0
        while hunkStart < changed.count {
            var hunkEnd = hunkStart
            while hunkEnd + 1 < changed.count && changed[hunkEnd + 1] - changed[hunkEnd] <= 6 { hunkEnd += 1 }
            let from = max(0, changed[hunkStart] - 3)
            let to = min(ops.count - 1, changed[hunkEnd] + 3)
            var oldLine = 1
            var newLine = 1
            for op in ops[..<from] {
                switch op {
                case .same: oldLine += 1; newLine += 1
                case .remove: oldLine += 1
                case .add: newLine += 1
                }
            }
            var body = ""
            var oldCount = 0
            var newCount = 0
            for op in ops[from...to] {
                switch op {
                case .same(let line): body += " \(line)\n"; oldCount += 1; newCount += 1
                case .remove(let line): body += "-\(line)\n"; oldCount += 1
                case .add(let line): body += "+\(line)\n"; newCount += 1
                }
            }
            out +=
                "@@ -\(oldCount == 0 ? oldLine - 1 : oldLine),\(oldCount) +\(newCount == 0 ? newLine - 1 : newLine),\(newCount) @@\n"
                + body
            hunkStart = hunkEnd + 1
        }
        return out
    }

    private static func lines(_ text: String) -> [String] {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }
}
