import DockerfileSyntax

struct StageNameLowercase: Rule {
    static let description = RuleDescription(
        id: "stage-name-lowercase",
        aliases: [.buildkit("StageNameCasing")],
        severity: .warning, category: .style,
        summary: "Write stage names in lower case.",
        rationale:
            "Stage names compare case-insensitively, so `Build` and `build` are the same stage; lower case avoids the confusion.",
        examples: [.triggering("↓FROM alpine:3.20 AS Build\n"), .passing("FROM alpine:3.20 AS build\n")],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.compactMap { stage in
            guard let written = stage.writtenName, written != written.lowercased() else { return nil }
            let fix = context.replace(
                " " + written, with: " " + written.lowercased(), in: stage.from, title: "lower-case the stage name")
            return Violation(stage.from, "stage name \(written) should be \(written.lowercased())", fix: fix)
        }
    }
}
