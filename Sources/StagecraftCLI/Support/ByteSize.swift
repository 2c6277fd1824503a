import Foundation

/// Sizes written on the command line: `1048576`, `512k`, `500M`, `8G`, `1T` (powers of 1024;
/// `KB`, `MiB`, `GB` and the like are read the same way).
enum ByteSize {
    static func parse(_ text: String, option: String) throws -> Int {
        let units: [String: Int] = ["": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40]
        let lowered = text.lowercased().trimmingCharacters(in: .whitespaces)
        let digits = lowered.prefix { $0.isNumber || $0 == "." }
        var unit = String(lowered.dropFirst(digits.count))
        for suffix in ["ib", "b"] where unit.count > suffix.count && unit.hasSuffix(suffix) { unit.removeLast(suffix.count) }
        guard let scale = units[unit], let value = Double(digits), value.isFinite, value > 0,
            value * Double(scale) < Double(Int.max / 2)
        else {
            throw CommandFailure("error: \(option) \(text) is not a size; write bytes or a number with k, M, G or T (e.g. 8G)")
        }
        return Int(value * Double(scale))
    }
}
