import DockerfileSyntax

struct CopyMultipleSourcesDir: Rule {
    static let description = RuleDescription(
        id: "copy-multiple-sources-dir",
        aliases: [.hadolint("DL3021"), .trivy("DS-0011")],
        severity: .error, category: .correctness,
        summary: "COPY with several sources needs a destination ending in /.",
        rationale:
            "BuildKit fails the build when several sources are copied to a destination that is not a directory. `.` and `..` are directories already: BuildKit adds the slash itself (hadolint's DL3021 reports them anyway).",
        examples: [
            .triggering("FROM alpine:3.20\n↓COPY a b /app\n"),
            .passing("FROM alpine:3.20\nCOPY a b /app/\nWORKDIR /app\nCOPY package.json package-lock.json .\n"),
        ],
        fixable: true)

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { $0.instructions("copy") }.compactMap { node in
            let arguments = node.next.map(\.value)
            guard node.heredocs.isEmpty, arguments.count > 2, let destination = arguments.last, !destination.hasSuffix("/"),
                destination != ".", destination != ".."
            else {
                return nil
            }
            let fix =
                node.isJSON
                ? nil
                : context.replace(" " + destination, with: " " + destination + "/", in: node, title: "end the destination with /")
            return Violation(
                node, "several sources are copied to \(destination); write \(destination)/",
                fix: node.startLine == node.endLine ? fix : nil)
        }
    }
}
