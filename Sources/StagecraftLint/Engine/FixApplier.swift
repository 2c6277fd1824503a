/// Applies fixes to a file's bytes, from the end backwards so earlier offsets stay valid.
public enum FixApplier {
    /// Fixes that overlap one applied earlier are skipped (a later run picks them up).
    public struct OverlapError: Error {}

    /// Returns the fixed bytes.
    public static func apply(_ fixes: [Fix], to source: [UInt8]) throws -> [UInt8] {
        var edits: [Fix.Edit] = []
        for fix in fixes {
            let overlaps = fix.edits.contains { edit in
                edits.contains {
                    $0.range.overlaps(edit.range) || ($0.range.isEmpty && $0.range.lowerBound == edit.range.lowerBound)
                }
            }
            if !overlaps { edits += fix.edits }
        }
        var result = source
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            guard edit.range.upperBound <= result.count else { throw OverlapError() }
            result.replaceSubrange(edit.range, with: Array(edit.replacement.utf8))
        }
        return result
    }
}
