import DockerfileSyntax

struct CdInRun: Rule {
    static let description = RuleDescription(
        id: "workdir-not-cd",
        aliases: [.hadolint("DL3003"), .trivy("DS-0013")],
        severity: .warning, category: .maintainability,
        summary: "Use WORKDIR to change directory instead of cd in RUN.",
        rationale: "cd only lasts for its RUN; WORKDIR is explicit, applies to later instructions, and is created if missing.",
        examples: [
            .triggering("FROM alpine:3.20\n↓RUN cd /app && make\n"), .passing("FROM alpine:3.20\nWORKDIR /app\nRUN make\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs(onbuild: false).compactMap { $0.script.runs("cd") ? Violation($0.node) : nil }
    }
}

struct NoSudo: Rule {
    static let description = RuleDescription(
        id: "no-sudo",
        aliases: [.hadolint("DL3004"), .trivy("DS-0010")],
        severity: .warning, category: .security,
        summary: "Do not use sudo in RUN; switch USER instead.",
        rationale:
            "sudo needs a TTY and a sudoers setup, behaves unpredictably in builds, and keeps a privilege-escalation tool in the image.",
        examples: [
            .triggering("FROM alpine:3.20\n↓RUN sudo make install\n"),
            .passing("FROM alpine:3.20\nUSER root\nRUN make install\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { $0.script.runs("sudo") ? Violation($0.node) : nil }
    }
}

struct WgetProgress: Rule {
    static let description = RuleDescription(
        id: "wget-progress",
        aliases: [.hadolint("DL3047")],
        severity: .info, category: .maintainability,
        summary: "Use wget --progress=dot:giga (or -q/-nv) to keep build logs short.",
        rationale: "wget's default progress bar writes a line per update in non-interactive logs, bloating CI output.",
        examples: [
            .triggering("FROM alpine:3.20\n↓RUN wget https://example.com/x.tgz\n"),
            .passing("FROM alpine:3.20\nRUN wget -q https://example.com/x.tgz\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let noisy = run.script.commands(named: "wget").contains { command in
                !command.hasFlag(short: "q", long: ["quiet", "progress", "no-verbose", "output-file", "append-output"])
                    && !command.has("-nv") && !command.hasFlag(short: "o") && !command.hasFlag(short: "a")
            }
            return noisy ? Violation(run.node) : nil
        }
    }
}

struct WgetAndCurl: Rule {
    static let description = RuleDescription(
        id: "wget-or-curl",
        aliases: [.hadolint("DL4001"), .trivy("DS-0014")],
        severity: .warning, category: .maintainability,
        summary: "Use either wget or curl in a stage, not both.",
        rationale: "Two download tools do the same job; keeping one makes the image smaller.",
        examples: [
            .triggering("FROM alpine:3.20\nRUN curl -fsSLO https://example.com/a\n↓RUN wget -q https://example.com/b\n"),
            .passing("FROM alpine:3.20\nRUN curl -fsSLO https://example.com/a\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        var violations: [Violation] = []
        for stage in context.document.stages {
            var seenCurl = false
            var seenWget = false
            for run in context.runs(inStage: stage.index, onbuild: false) {
                let script = run.script
                let curl = script.runs("curl")
                let wget = script.runs("wget")
                seenCurl = seenCurl || curl
                seenWget = seenWget || wget
                if (curl || wget) && seenCurl && seenWget { violations.append(Violation(run.node)) }
            }
        }
        return violations
    }
}

struct PipefailShell: Rule {
    static let description = RuleDescription(
        id: "pipefail",
        aliases: [.hadolint("DL4006")],
        severity: .warning, category: .correctness,
        summary: "Set SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before RUN with a pipe.",
        rationale:
            "Without pipefail a pipeline succeeds when only its last command does: `curl ... | tar x` hides a failed download.",
        examples: [
            .triggering("FROM debian:12\n↓RUN curl -fsSL https://example.com/x | tar xz\n"),
            .passing(
                "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/x | tar xz\n"
            ),
            .passing("FROM debian:12\nRUN case \"$CHANNEL\" in dev|beta) echo pre ;; *) echo stable ;; esac\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        var violations: [Violation] = []
        for stage in context.document.stages {
            var pipefail = false
            var nonPOSIX = false
            for node in stage.instructions {
                if node.command == "shell" {
                    let words = node.next.map(\.value)
                    pipefail = words.contains("pipefail")
                    nonPOSIX =
                        words.first.map { ["pwsh", "powershell", "cmd"].contains(where: $0.lowercased().contains) } ?? false
                }
                guard node.command == "run", !pipefail, !nonPOSIX else { continue }
                if context.run(for: node)?.script.commands.contains(where: { $0.terminator == "|" }) == true {
                    violations.append(Violation(node))
                }
            }
        }
        return violations
    }
}

struct ConsecutiveRuns: Rule {
    static let description = RuleDescription(
        id: "consecutive-run",
        aliases: [.hadolint("DL3059")],
        severity: .info, category: .maintainability,
        summary: "Merge consecutive single-command RUN instructions.",
        rationale: "Each RUN makes a layer; consecutive one-liners with the same flags usually belong together.",
        examples: [
            .triggering("FROM alpine:3.20\nRUN mkdir /app\n↓RUN chown 1000 /app\n"),
            .passing("FROM alpine:3.20\nRUN mkdir /app && chown 1000 /app\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        var violations: [Violation] = []
        for stage in context.document.stages {
            var previous: Node?
            for node in stage.instructions {
                defer { previous = node }
                guard node.command == "run", let before = previous, before.command == "run", before.flags == node.flags else {
                    continue
                }
                let count = { (run: Node) in context.run(for: run)?.script.commands.count ?? 0 }
                if count(before) <= 1 && count(node) <= 1 { violations.append(Violation(node)) }
            }
        }
        return violations
    }
}
