import Foundation
import StagecraftReporting
import Yams

/// CI thresholds, with dive's meaning: efficiency must not be below, waste not above.
/// Read from `.stagecraft.yml` (`inspect:` with kebab-case keys) or dive's `.dive-ci`
/// (`rules:` with `lowestEfficiency`, `highestWastedBytes`, `highestUserWastedPercent`).
/// See wagoodman/dive's CI rules.
public struct Thresholds: Sendable, Equatable {
    /// nil means the rule is disabled.
    public var lowestEfficiency: Double? = 0.9
    public var highestWastedBytes: Int?
    public var highestUserWastedPercent: Double? = 0.1
    /// Where they came from, for the report.
    public var source = "defaults"

    /// The file, line and what is wrong; the command line words it.
    public typealias Error = FileProblem

    public init() {}

    /// Reads an explicit file, else `.stagecraft.yml` (when it has `inspect:`), else `.dive-ci`.
    public static func load(explicit: String?) throws -> Thresholds {
        let candidates = explicit.map { [$0] } ?? [".stagecraft.yml", ".stagecraft.yaml", ".dive-ci"]
        for path in candidates {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                if explicit != nil { throw Error(path, "cannot read the thresholds file") }
                continue
            }
            let root: Yams.Node?
            do { root = try Yams.compose(yaml: text) } catch {
                throw Error(path, "not valid YAML: \(error)")
            }
            let isDive = path.hasSuffix(".dive-ci")
            guard let section = root?.mapping?[isDive ? "rules" : "inspect"]?.mapping else {
                if explicit != nil || isDive { return Thresholds() }
                continue
            }
            var thresholds = Thresholds()
            thresholds.source = path
            for (key, value) in section {
                let name = key.string ?? ""
                let line = value.mark?.line ?? 1
                // A list or a mapping is a mistake, not "disabled": the gate would pass silently.
                guard let text = value.scalar?.string else {
                    throw Error(
                        path, line: line, "\(name) must be a single value (a number, a size, or disabled), not a list or mapping")
                }
                let disabled = ["", "disabled", "off", "false"].contains(text.lowercased())
                switch name {
                case "lowestEfficiency", "lowest-efficiency":
                    thresholds.lowestEfficiency = disabled ? nil : try ratio(text, path, line, name)
                case "highestUserWastedPercent", "highest-user-wasted-percent":
                    thresholds.highestUserWastedPercent = disabled ? nil : try ratio(text, path, line, name)
                case "highestWastedBytes", "highest-wasted-bytes":
                    thresholds.highestWastedBytes = disabled ? nil : try bytes(text, path, line, name)
                default:
                    throw Error(
                        path, line: line,
                        "unknown threshold \(name); use lowest-efficiency, highest-wasted-bytes or highest-user-wasted-percent")
                }
            }
            return thresholds
        }
        return Thresholds()
    }

    static func ratio(_ text: String, _ path: String, _ line: Int, _ name: String) throws -> Double {
        guard let value = Double(text), (0...1).contains(value) else {
            throw Error(path, line: line, "\(name) must be a ratio between 0 and 1, not \(text)")
        }
        return value
    }

    /// go-humanize's ParseBytes: `20MB` is 20,000,000, `20MiB` is 20,971,520.
    static func bytes(_ text: String, _ path: String, _ line: Int, _ name: String) throws -> Int {
        let trimmed = text.replacingOccurrences(of: " ", with: "")
        let number = trimmed.prefix { $0.isNumber || $0 == "." }
        let unit = trimmed.dropFirst(number.count).lowercased()
        let units: [String: Double] = [
            "": 1, "b": 1, "k": 1e3, "kb": 1e3, "kib": 1024, "m": 1e6, "mb": 1e6, "mib": 1_048_576, "g": 1e9, "gb": 1e9,
            "gib": 1_073_741_824, "t": 1e12, "tb": 1e12, "tib": 1_099_511_627_776,
        ]
        guard let value = Double(number), let multiplier = units[unit] else {
            throw Error(path, line: line, "\(name) must be a size such as 20MB or 20MiB, not \(text)")
        }
        let total = value * multiplier
        guard total.isFinite, total < 9.2e18 else {
            throw Error(path, line: line, "\(name) is larger than any image can be: \(text)")
        }
        return Int(total)
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
