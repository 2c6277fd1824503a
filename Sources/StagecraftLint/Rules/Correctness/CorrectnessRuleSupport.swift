import DockerfileSyntax

// Helpers the correctness rules share.

/// Reports every CMD, ENTRYPOINT or HEALTHCHECK after the first in a stage; only the last one counts.
struct SingleInstructionCheck {
    let keyword: String

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { stage in
            stage.instructions(keyword).dropFirst().map {
                Violation($0, "only the last \(keyword.uppercased()) of a stage takes effect; remove the earlier ones")
            }
        }
    }
}
