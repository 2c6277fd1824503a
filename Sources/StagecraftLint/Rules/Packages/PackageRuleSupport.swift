import DockerfileSyntax

// Helpers the package rules share.

/// `apt-get install` commands of a script, as hadolint finds them.
func aptGetInstalls(_ script: ShellScript) -> [ShellScript.Command] {
    script.commands(named: "apt-get").filter { $0.has("install") }
}

/// `install` commands of a package manager (yum, dnf, microdnf, zypper).
func installs(_ script: ShellScript, _ tool: String, subcommands: [String] = ["install"]) -> [ShellScript.Command] {
    script.commands(named: tool).filter { command in subcommands.contains { command.has($0) } }
}

/// Non-flag words after the subcommand.
func packages(_ command: ShellScript.Command, dropping words: [String]) -> [String] {
    command.positional.filter { !words.contains($0) }
}

/// The description of a yum or dnf rule: a hadolint code, and one RUN that triggers and one that passes.
func rpmRuleDescription(
    _ id: String, _ code: String, _ severity: Severity, _ summary: String, _ rationale: String, trivy: String? = nil,
    _ bad: String, _ good: String
) -> RuleDescription {
    RuleDescription(
        id: id, aliases: [.hadolint(code)] + (trivy.map { [.trivy($0)] } ?? []), severity: severity, category: .packages,
        summary: summary,
        rationale: rationale,
        examples: [.triggering("FROM rockylinux:9\n↓RUN \(bad)\n"), .passing("FROM rockylinux:9\nRUN \(good)\n")])
}

/// Packages of yum/dnf installs without a version: `name-version` or an `.rpm` file for
/// packages, `name:stream` for `module install`.
func unpinnedRPMPackages(_ commands: [ShellScript.Command]) -> [String] {
    commands.flatMap { command -> [String] in
        let module = command.has("module")
        return packages(command, dropping: ["install", "module"]).filter {
            module ? !$0.contains(":") : !($0.contains("-") || $0.hasSuffix(".rpm"))
        }
    }
}
