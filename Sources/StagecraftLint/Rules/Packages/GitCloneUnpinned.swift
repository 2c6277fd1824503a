import DockerfileSyntax

struct GitCloneUnpinned: Rule {
    static let description = RuleDescription(
        id: "git-clone-unpinned",
        severity: .warning, category: .packages,
        summary: "Pin a `git clone` to a tag or commit.",
        rationale:
            "Cloning a default branch builds whatever was pushed last: the same Dockerfile gives a different image tomorrow, and a compromised branch goes straight in. Clone a tag (`--branch v1.2.3 --depth 1`) or check out a commit.",
        examples: [
            .triggering("FROM python:3.12-slim\n↓RUN git clone https://github.com/comfyanonymous/ComfyUI.git /app\n"),
            .passing(
                "FROM python:3.12-slim\nRUN git clone --depth 1 --branch v0.3.10 https://github.com/comfyanonymous/ComfyUI.git /app\nRUN git clone https://github.com/org/tool.git /tool && git -C /tool checkout 3f2c1a9\nARG ZULIP_GIT_REF=12.1\nRUN git clone https://github.com/zulip/zulip.git /zulip\nRUN cd /zulip && git checkout \"$ZULIP_GIT_REF\"\n"
            ),
        ])

    static let movingBranches: Set<String> = ["main", "master", "develop", "dev", "trunk", "HEAD", "latest", "nightly"]

    func check(_ context: RuleContext) -> [Violation] {
        let runs = context.runs()
        // The line of the last RUN in each stage that checks out, resets or switches.
        var lastPin: [Int: Int] = [:]
        for run in runs
        where run.script.commands(named: "git").contains(where: {
            !Set($0.arguments).isDisjoint(with: ["checkout", "reset", "switch"])
        }) {
            lastPin[run.stage.index] = max(lastPin[run.stage.index] ?? 0, run.node.startLine)
        }
        return runs.compactMap { run in
            let gits = run.script.commands(named: "git")
            guard let clone = gits.first(where: { $0.positional.first == "clone" }) else { return nil }
            // A checkout in this RUN or a later one of the same stage pins it.
            if let pin = lastPin[run.stage.index], pin >= run.node.startLine { return nil }
            if clone.arguments.contains(where: { $0.hasPrefix("--revision") }) { return nil }
            let arguments = clone.arguments
            for (index, argument) in arguments.enumerated() {
                var branch: String?
                if argument == "-b" || argument == "--branch", index + 1 < arguments.count { branch = arguments[index + 1] }
                if argument.hasPrefix("--branch=") { branch = String(argument.dropFirst("--branch=".count)) }
                if let branch, !Self.movingBranches.contains(branch) { return nil }
            }
            return Violation(run.node, "git clone without a tag or commit builds whatever the branch holds today")
        }
    }
}
