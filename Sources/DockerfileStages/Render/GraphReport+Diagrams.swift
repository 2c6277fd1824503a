extension GraphReport {
    /// Graphviz DOT: stages as boxes (pruned ones dashed), images as ellipses, edges labelled.
    /// See https://graphviz.org/doc/info/lang.html
    public func dot() -> String {
        var lines = ["digraph stages {", "  rankdir=LR;", "  node [shape=box];"]
        for stage in graph.stages {
            var attributes = ["label=\(dotQuoted(stage.displayName))"]
            if stage.index == target { attributes.append("penwidth=2") }
            if !needed.contains(stage.index) { attributes.append("style=dashed") }
            lines.append("  s\(stage.index) [\(attributes.joined(separator: ", "))];")
        }
        for image in images { lines.append("  \(dotQuoted("image:" + image)) [shape=ellipse, label=\(dotQuoted(image))];") }
        for stage in graph.stages {
            for dependency in stage.dependencies {
                let source: String
                switch dependency.target {
                case .stage(let index): source = "s\(index)"
                case .image(let name): source = dotQuoted("image:" + name)
                case .scratch: continue
                }
                lines.append("  \(source) -> s\(stage.index) [label=\(dotQuoted(dependency.kind.rawValue))];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Mermaid flowchart of the same graph.
    /// See https://mermaid.js.org/syntax/flowchart.html
    public func mermaid() -> String {
        var lines = ["flowchart LR"]
        for stage in graph.stages {
            let text = stage.displayName + (needed.contains(stage.index) ? "" : " (pruned)")
            lines.append("  s\(stage.index)[\(mermaidQuoted(text))]")
        }
        for (number, image) in images.enumerated() { lines.append("  i\(number)([\(mermaidQuoted(image))])") }
        for stage in graph.stages {
            for dependency in stage.dependencies {
                let source: String
                switch dependency.target {
                case .stage(let index): source = "s\(index)"
                case .image(let name): source = "i\(images.firstIndex(of: name) ?? 0)"
                case .scratch: continue
                }
                lines.append("  \(source) -->|\(mermaidQuoted(dependency.kind.rawValue))| s\(stage.index)")
            }
        }
        lines.append("  style s\(target) stroke-width:3px")
        return lines.joined(separator: "\n") + "\n"
    }

    /// External images referenced anywhere, each once, in order of first use.
    var images: [String] {
        var seen: [String] = []
        for stage in graph.stages {
            for dependency in stage.dependencies {
                if case .image(let name) = dependency.target, !seen.contains(name) { seen.append(name) }
            }
        }
        return seen
    }
}

func dotQuoted(_ text: String) -> String {
    "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
}

func mermaidQuoted(_ text: String) -> String {
    "\"" + text.replacingAll("\"", with: "#quot;") + "\""
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
