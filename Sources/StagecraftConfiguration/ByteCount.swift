/// Sizes as users write them, in configuration and on the command line: a number of bytes, a
/// decimal size (`20kB`, `20MB`, `1.5GB`, `1TB`: powers of 1000, as dive and go-humanize read
/// them), a binary size (`20KiB`, `20MiB`: powers of 1024), or a single letter (`512k`, `500M`,
/// `8G`, `1T`: powers of 1024, as docker reads `--memory 512m`). Case does not matter.
public enum ByteCount {
    /// The number of bytes, or nil when the text is not a size or is too large for any image.
    public static func parse(_ text: String) -> Int? {
        let lowered = text.lowercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "_", with: "")
        let digits = lowered.prefix { $0.isNumber || $0 == "." }
        let unit = lowered.dropFirst(digits.count)
        let powers: [Character: Int] = ["k": 1, "m": 2, "g": 3, "t": 4, "p": 5]
        let power = unit.first.flatMap { powers[$0] }
        let multiplier: Double
        switch (unit.count, power) {
        case (0, _): multiplier = 1
        case (1, _) where unit == "b": multiplier = 1
        case (1, let power?): multiplier = pow(1024, power)
        case (2, let power?) where unit.hasSuffix("b"): multiplier = pow(1000, power)
        case (3, let power?) where unit.hasSuffix("ib"): multiplier = pow(1024, power)
        default: return nil
        }
        guard let value = Double(digits), value >= 0 else { return nil }
        let total = value * multiplier
        guard total.isFinite, total < 9.2e18 else { return nil }
        return Int(total)
    }

    private static func pow(_ base: Double, _ exponent: Int) -> Double {
        (0..<exponent).reduce(1) { value, _ in value * base }
    }
}
