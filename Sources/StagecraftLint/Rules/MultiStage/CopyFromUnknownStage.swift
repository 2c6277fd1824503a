import DockerfileSyntax

struct CopyFromUnknownStage: Rule {
    static let description = RuleDescription(
        id: "copy-from-unknown-stage",
        aliases: [.hadolint("DL3022")],
        severity: .warning, category: .multiStage,
        summary: "COPY --from must name an earlier stage, a stage index, or a full image reference.",
        rationale:
            "An unknown name is pulled as an image, so a typo in a stage name becomes a registry lookup that fails or, worse, finds something.",
        examples: [
            .triggering("FROM alpine:3.20 AS build\nFROM alpine:3.20\n↓COPY --from=biuld /out /out\n"),
            .passing(
                "FROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=build /out /out\nCOPY --from=0 /a /a\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/uv\n"
            ),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        let stages = context.document.stages
        return stages.flatMap { stage in
            stage.instructions("copy").compactMap { node -> Violation? in
                guard let from = node.flags.last(where: { $0.hasPrefix("--from=") })?.dropFirst("--from=".count) else {
                    return nil
                }
                let name = String(from)
                // An image reference (`nginx:1.27`, `ghcr.io/org/tool`, `x@sha256:…`) is pulled, not a stage.
                if name.contains(":") || name.contains("/") || name.contains("@") || name.contains("$") { return nil }
                if let index = Int(name), index >= 0, index < stages.count { return nil }
                if context.namedContexts.contains(name) { return nil }
                if let named = context.document.stage(named: name), named.index <= stage.index { return nil }
                let known = stages.prefix(stage.index).compactMap(\.name)
                // A long list helps nobody and makes a file of many stages quadratic to report.
                let listed =
                    known.count > 12
                    ? known.suffix(12).joined(separator: ", ") + " and \(known.count - 12) more"
                    : known.joined(separator: ", ")
                return Violation(
                    node, "no earlier stage is named \(name)" + (known.isEmpty ? "" : "; stages so far: \(listed)"))
            }
        }
    }
}
