import Foundation

/// The measures of a run as the history's outputs write them: `118.0 MB` (SI), `31.5 s`, `62.5%`.
public enum MeasureText {
    public static func megabytes(_ bytes: Int64) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }
    public static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }
    /// A share (0.625) as a percentage.
    public static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
}
