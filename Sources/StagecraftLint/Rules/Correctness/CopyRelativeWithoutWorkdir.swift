import DockerfileSyntax

struct CopyRelativeWithoutWorkdir: Rule {
    static let description = RuleDescription(
        id: "copy-relative-without-workdir",
        aliases: [.hadolint("DL3045")],
        severity: .warning, category: .correctness,
        summary: "Set WORKDIR before copying to a relative destination.",
        rationale: "A relative destination lands in the base image's working directory, which the base can change.",
        examples: [
            .triggering("FROM node:22-slim\n↓COPY package.json .\n"),
            .passing("FROM node:22-slim\nWORKDIR /app\nCOPY package.json .\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        // Whether some ancestor (FROM <stage>) sets WORKDIR, stage by stage; parents come first.
        var inherits = [Bool](repeating: false, count: context.document.stages.count)
        for stage in context.document.stages {
            guard let parent = stage.parent, parent < stage.index else { continue }
            let parentStage = context.document.stages[parent]
            inherits[stage.index] = inherits[parent] || parentStage.instructions.contains { $0.command == "workdir" }
        }
        return context.document.stages.flatMap { stage -> [Violation] in
            var workdir = inherits[stage.index]
            var violations: [Violation] = []
            for node in stage.instructions {
                if node.command == "workdir" { workdir = true }
                guard node.command == "copy", !workdir, let destination = node.next.last?.value else { continue }
                let relative =
                    !destination.hasPrefix("/") && !destination.hasPrefix("$") && !destination.hasPrefix("\"/")
                    && !(destination.count >= 2 && Array(destination)[1] == ":")
                if relative { violations.append(Violation(node)) }
            }
            return violations
        }
    }
}
