import StagecraftConfiguration

/// CI thresholds, with dive's meaning: efficiency must not be below, waste not above; nil turns a
/// rule off. From `inspect:` in `.stagecraft.yml`, or dive's `.dive-ci`.
public struct Thresholds: Sendable, Equatable {
    public var lowestEfficiency: Double?
    public var highestWastedBytes: Int?
    public var highestUserWastedPercent: Double?
    /// The file they came from, or `defaults`, for the report.
    public var source: String

    public init(_ settings: InspectSettings = InspectSettings(), source: String? = nil) {
        lowestEfficiency = settings.lowestEfficiency
        highestWastedBytes = settings.highestWastedBytes
        highestUserWastedPercent = settings.highestUserWastedPercent
        self.source = source ?? "defaults"
    }
}

/// The outcome of evaluating thresholds against an image, dive's way (strict comparisons).
public struct GateReport: Sendable {
    public struct Rule: Sendable {
        public enum Status: String, Sendable { case pass = "PASS", fail = "FAIL", skip = "SKIP" }
        public var name: String
        public var status: Status
        public var detail: String
    }

    public var rules: [Rule]
    public var source: String

    public var passed: Bool { !rules.contains { $0.status == .fail } }

    public init(thresholds: Thresholds, analysis: ImageAnalysis) {
        source = thresholds.source
        let dive = analysis.dive
        var rules: [Rule] = []
        if let limit = thresholds.lowestEfficiency {
            let failed = limit > dive.efficiency
            rules.append(
                Rule(
                    name: "lowestEfficiency", status: failed ? .fail : .pass,
                    detail: failed
                        ? "image efficiency is too low (efficiency=\(Self.format(dive.efficiency)) < threshold=\(limit))"
                        : "\(Self.format(limit))"))
        } else {
            rules.append(Rule(name: "lowestEfficiency", status: .skip, detail: "disabled"))
        }
        if let limit = thresholds.highestWastedBytes {
            let failed = dive.wastedBytes > limit
            rules.append(
                Rule(
                    name: "highestWastedBytes", status: failed ? .fail : .pass,
                    detail: failed ? "too many bytes wasted (wasted-bytes=\(dive.wastedBytes) > threshold=\(limit))" : "\(limit)")
            )
        } else {
            rules.append(Rule(name: "highestWastedBytes", status: .skip, detail: "disabled"))
        }
        if let limit = thresholds.highestUserWastedPercent {
            let failed = dive.wastedUserPercent > limit
            rules.append(
                Rule(
                    name: "highestUserWastedPercent", status: failed ? .fail : .pass,
                    detail: failed
                        ? "too many bytes wasted, relative to the user bytes added (%-user-wasted-bytes=\(Self.format(dive.wastedUserPercent)) > threshold=\(limit))"
                        : "\(Self.format(limit))"))
        } else {
            rules.append(Rule(name: "highestUserWastedPercent", status: .skip, detail: "disabled"))
        }
        self.rules = rules
    }

    static func format(_ value: Double) -> String {
        if value.isNaN || value.isInfinite { return "\(value)" }
        let rounded = (value * 10000).rounded() / 10000
        return String(rounded)
    }
}
