import Foundation
import StagecraftReporting

/// A CVSS v3.0 or v3.1 base score computed from its vector, as the specification's formulas give
/// it (https://www.first.org/cvss/v3.1/specification-document, section 7), for advisories that
/// carry a vector but no severity. Temporal and environmental metrics are read and ignored: the
/// base score is what advisories rate.
public struct CVSS3: Sendable, Equatable {
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        case none, low, medium, high, critical

        public init(score: Double) {
            switch score {
            case ..<0.1: self = .none
            case ..<4.0: self = .low
            case ..<7.0: self = .medium
            case ..<9.0: self = .high
            default: self = .critical
            }
        }

        private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public let vector: String
    public let version: String
    public let baseScore: Double
    public var severity: Severity { Severity(score: baseScore) }

    /// The base metrics and their weights.
    static let weights: [String: [String: Double]] = [
        "AV": ["N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2],
        "AC": ["L": 0.77, "H": 0.44],
        "PR": ["N": 0.85, "L": 0.62, "H": 0.27],
        "UI": ["N": 0.85, "R": 0.62],
        "S": ["U": 0, "C": 1],
        "C": ["H": 0.56, "L": 0.22, "N": 0],
        "I": ["H": 0.56, "L": 0.22, "N": 0],
        "A": ["H": 0.56, "L": 0.22, "N": 0],
    ]

    public init(_ vector: String) throws(FileProblem) {
        func fail(_ reason: String) -> FileProblem {
            FileProblem("CVSS vector", "\(vector): \(reason)", remedy: "write CVSS:3.1/AV:_/AC:_/PR:_/UI:_/S:_/C:_/I:_/A:_")
        }
        let parts = vector.split(separator: "/").map(String.init)
        guard let prefix = parts.first, prefix == "CVSS:3.1" || prefix == "CVSS:3.0" else {
            throw fail("not a CVSS v3.0 or v3.1 vector")
        }
        var metrics: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: ":", maxSplits: 1).map(String.init)
            guard pair.count == 2, metrics[pair[0]] == nil else { throw fail("\(part) is not METRIC:VALUE, or repeats a metric") }
            metrics[pair[0]] = pair[1]
        }
        var value: [String: Double] = [:]
        for (metric, table) in Self.weights {
            guard let written = metrics[metric], let weight = table[written] else {
                throw fail("the base metric \(metric) is missing or has an unknown value")
            }
            value[metric] = weight
        }
        let changed = metrics["S"] == "C"
        var privileges = value["PR", default: 0]
        if changed && metrics["PR"] == "L" { privileges = 0.68 }
        if changed && metrics["PR"] == "H" { privileges = 0.5 }
        let iss = 1 - (1 - value["C", default: 0]) * (1 - value["I", default: 0]) * (1 - value["A", default: 0])
        let impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss
        let exploitability = 8.22 * value["AV", default: 0] * value["AC", default: 0] * privileges * value["UI", default: 0]
        let isV31 = prefix == "CVSS:3.1"
        let raw: Double = changed ? min(1.08 * (impact + exploitability), 10) : min(impact + exploitability, 10)
        let score: Double
        if impact <= 0 {
            score = 0
        } else if isV31 {
            score = Self.roundUp31(raw)
        } else {
            score = (raw * 10).rounded(.up) / 10
        }
        self.vector = vector
        version = isV31 ? "3.1" : "3.0"
        baseScore = score
    }

    /// CVSS v3.1's Roundup: the smallest number with one decimal at or above the input, computed
    /// on integers so that floating-point noise (4.000000001) does not raise it.
    static func roundUp31(_ value: Double) -> Double {
        let integer = Int((value * 100_000).rounded())
        if integer % 10_000 == 0 { return Double(integer) / 100_000 }
        return Double(integer / 10_000 + 1) / 10
    }
}
