import Foundation

/// The measures of a run as the history's outputs write them: `118.0 MB` (SI), `31.5 s`, `62.5%`.
public enum MeasureText {
    public static func megabytes(_ bytes: Int64) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }
    public static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }
    /// A share (0.625) as a percentage.
    public static func percent(_ value: Double) -> String {
        // A share that rounds to zero is 0.0%, never -0.0%.
        String(format: "%.1f%%", abs(value * 100) < 0.05 ? 0 : value * 100)
    }
    /// `1 run`, `3 runs`.
    public static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
}
