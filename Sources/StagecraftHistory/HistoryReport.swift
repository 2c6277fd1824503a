import Foundation

/// The history as one self-contained HTML page (no scripts, no network: charts are inline SVG)
/// or a Markdown summary for a CI step: per image and command, the latest measures and their
/// trend, and the gate results.
public struct HistoryReport: Sendable {
    /// Runs of one project, subject and command, oldest first.
    public struct Series: Sendable {
        public var runs: [RunRecord]
        public var latest: RunRecord { runs[runs.count - 1] }
        public var previous: RunRecord? { runs.count > 1 ? runs[runs.count - 2] : nil }
    }

    public var series: [Series]
    public var gates: [GateOutcome]
    public var generatedAt: Date

    /// Groups `runs` (any order) into series, keeping the newest `limit` runs of each.
    public init(runs: [RunRecord], gates: [GateOutcome], limit: Int = 50, generatedAt: Date = Date()) {
        var groups: [String: [RunRecord]] = [:]
        for run in runs { groups[[run.project, run.subject, run.command].joined(separator: "\u{0}"), default: []].append(run) }
        series = groups.values.map { group in
            Series(runs: Array(group.sorted { ($0.id ?? 0) < ($1.id ?? 0) }.suffix(max(1, limit))))
        }.sorted { ($0.latest.subject, $0.latest.command) < ($1.latest.subject, $1.latest.command) }
        self.gates = gates
        self.generatedAt = generatedAt
    }

    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A line chart of `values` as inline SVG, with each point's value as its tooltip.
    static func chart(_ values: [Double], label: (Double) -> String, name: String) -> String {
        guard !values.isEmpty else { return "" }
        let width = 480.0
        let height = 120.0
        let low = values.min() ?? 0
        let high = values.max() ?? 0
        let span = high - low > 0 ? high - low : 1
        let step = values.count > 1 ? (width - 20) / Double(values.count - 1) : 0
        let points = values.enumerated().map { index, value in
            (x: 10 + Double(index) * step, y: height - 15 - (value - low) / span * (height - 35))
        }
        var svg =
            "<svg class=\"chart\" role=\"img\" aria-label=\"\(escaped(name))\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#fafafa\" stroke=\"#ddd\"/>"
        svg +=
            "<text x=\"10\" y=\"14\" font-size=\"11\" fill=\"#555\">\(escaped(name)): \(escaped(label(low))) to \(escaped(label(high))), latest \(escaped(label(values[values.count - 1])))</text>"
        svg +=
            "<polyline fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"2\" points=\""
            + points.map { String(format: "%.1f,%.1f", $0.x, $0.y) }.joined(separator: " ") + "\"/>"
        for (point, value) in zip(points, values) {
            svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#2b6cb0\">", point.x, point.y)
            svg += "<title>\(escaped(label(value)))</title></circle>"
        }
        return svg + "</svg>"
    }

    /// The page.
    public func html(title: String) -> String {
        let formatter = ISO8601DateFormatter()
        var body = "<h1>\(Self.escaped(title))</h1>\n<p class=\"generated\">Generated \(formatter.string(from: generatedAt)); "
        body +=
            "\(series.count) image and command series, \(MeasureText.count(series.reduce(0) { $0 + $1.runs.count }, "run")).</p>\n"
        let crossed = gates.filter(\.crossed)
        body += "<h2>Gates</h2>\n"
        if gates.isEmpty {
            body += "<p id=\"gates-summary\">No run has a baseline to compare with yet.</p>\n"
        } else {
            body +=
                "<p id=\"gates-summary\" data-crossed=\"\(crossed.count)\">\(crossed.isEmpty ? "Every gate holds." : "\(crossed.count) gate(s) crossed.")</p>\n"
            body +=
                "<table class=\"gates\"><tr><th>image</th><th>command</th><th>gate</th><th>before</th><th>after</th><th>allowed</th><th>result</th></tr>\n"
            for gate in gates {
                body +=
                    "<tr class=\"\(gate.crossed ? "fail" : "pass")\"><td>\(Self.escaped(gate.run.subject))</td><td>\(gate.run.command)</td><td>\(gate.gate)</td>"
                    + "<td>\(Self.escaped(gate.before))</td><td>\(Self.escaped(gate.after))</td><td>\(Self.escaped(gate.limit))</td>"
                    + "<td class=\"result\" data-subject=\"\(Self.escaped(gate.run.subject))\" data-gate=\"\(gate.gate)\">\(gate.crossed ? "FAIL" : "pass")</td></tr>\n"
            }
            body += "</table>\n"
        }
        body += "<h2>Images</h2>\n"
        for item in series {
            let latest = item.latest
            let subject = Self.escaped(latest.subject)
            body += "<section class=\"series\" data-subject=\"\(subject)\" data-command=\"\(latest.command)\">\n"
            body += "<h3>\(subject) <small>\(latest.command), \(MeasureText.count(item.runs.count, "run"))</small></h3>\n<dl>"
            if let size = latest.sizeBytes {
                body += "<dt>size</dt><dd class=\"latest-size\" data-bytes=\"\(size)\">\(MeasureText.megabytes(size))</dd>"
            }
            if let seconds = latest.buildSeconds {
                body += "<dt>build time</dt><dd class=\"latest-build\">\(MeasureText.seconds(seconds))</dd>"
            }
            if let rate = latest.cacheHitRate {
                body += "<dt>cache hits</dt><dd class=\"latest-cache\">\(MeasureText.percent(rate))</dd>"
            }
            if let efficiency = latest.efficiency {
                body += "<dt>efficiency</dt><dd class=\"latest-efficiency\">\(MeasureText.percent(efficiency))</dd>"
            }
            if let commit = latest.gitCommit {
                body +=
                    "<dt>commit</dt><dd>\(Self.escaped(String(commit.prefix(12))))\(latest.dirty == true ? " (dirty)" : "")</dd>"
            }
            body += "</dl>\n"
            let sizes = item.runs.compactMap(\.sizeBytes).map(Double.init)
            if sizes.count > 1 { body += Self.chart(sizes, label: { MeasureText.megabytes(Int64($0)) }, name: "size") + "\n" }
            let times = item.runs.compactMap(\.buildSeconds)
            if times.count > 1 { body += Self.chart(times, label: MeasureText.seconds, name: "build time") + "\n" }
            let rates = item.runs.compactMap(\.cacheHitRate)
            if rates.count > 1 { body += Self.chart(rates, label: MeasureText.percent, name: "cache hits") + "\n" }
            body += "</section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Self.escaped(title))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: 4px 8px; text-align: left; }
            tr.fail td { background: #fde2e2; } tr.pass td.result { color: #276749; }
            section.series { margin: 1.5em 0; } dl { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; }
            dt { color: #555; } dd { margin: 0; } .generated { color: #555; }
            </style></head>
            <body>
            \(body)</body></html>

            """
    }

    /// A Markdown summary for a CI step summary.
    public func markdown(title: String) -> String {
        var out =
            "### \(title)\n\n| image | command | size | change | build time | cache hits |\n| --- | --- | --- | --- | --- | --- |\n"
        for item in series {
            let latest = item.latest
            var change = ""
            if let size = latest.sizeBytes, let before = item.previous?.sizeBytes, before > 0 {
                change = String(format: "%+.1f%%", Double(size - before) / Double(before) * 100)
            }
            out +=
                "| \(latest.subject) | \(latest.command) | \(latest.sizeBytes.map(MeasureText.megabytes) ?? "") | \(change) | "
                + "\(latest.buildSeconds.map(MeasureText.seconds) ?? "") | \(latest.cacheHitRate.map(MeasureText.percent) ?? "") |\n"
        }
        let crossed = gates.filter(\.crossed)
        out +=
            "\n"
            + (crossed.isEmpty ? "Every gate holds.\n" : crossed.map { "- :x: \($0.message)" }.joined(separator: "\n") + "\n")
        return out
    }
}
