import StagecraftReporting

extension GraphReport {
    /// A table of stages, the dependency edges, the parallel build levels and pruned stages.
    public func text() -> String {
        let stages = graph.stages
        var lines: [String] = []
        lines.append("target: \(stages[target].displayName) (builds \(needed.count) of \(stages.count) stages)")
        lines.append("")
        var rows = [["", "#", "STAGE", "BASE"]]
        for stage in stages {
            var base = label(stage.base)
            if case .stage = stage.base { base = "stage \(base)" }
            if stage.baseExpanded != stage.baseWritten { base += " (from \(stage.baseWritten))" }
            if let platform = stage.platform { base += " [\(platform)]" }
            let marker = needed.contains(stage.index) ? "" : "-"
            rows.append([marker, "\(stage.index)", stage.displayName, base + "  lines \(stage.startLine)-\(stage.endLine)"])
        }
        lines.append(textTable(rows, rightAligned: [1]))
        let edges = stages.flatMap { stage in
            stage.dependencies.filter { $0.kind != .from || $0.target != .scratch }.map { (stage, $0) }
        }
        if !edges.isEmpty {
            lines.append("")
            lines.append("dependencies:")
            for (stage, dependency) in edges {
                lines.append(
                    "  \(stage.displayName) <- \(label(dependency.target))  (\(dependency.kind.rawValue), line \(dependency.line))"
                )
            }
        }
        lines.append("")
        lines.append("build order (stages on one level build in parallel):")
        for (number, level) in levels.enumerated() {
            lines.append("  level \(number): " + level.map { stages[$0].displayName }.joined(separator: ", "))
        }
        if !pruned.isEmpty {
            lines.append("")
            lines.append("not built for this target: " + pruned.map { stages[$0].displayName }.joined(separator: ", "))
        }
        for warning in graph.warnings {
            lines.append("")
            lines.append("warning: line \(warning.line): \(warning.message)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
