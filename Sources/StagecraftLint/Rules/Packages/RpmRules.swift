import DockerfileSyntax

/// `install` commands of a package manager (yum, dnf, microdnf, zypper).
func installs(_ script: ShellScript, _ tool: String, subcommands: [String] = ["install"]) -> [ShellScript.Command] {
    script.commands(named: tool).filter { command in subcommands.contains { command.has($0) } }
}

/// Non-flag words after the subcommand.
func packages(_ command: ShellScript.Command, dropping words: [String]) -> [String] {
    command.positional.filter { !words.contains($0) }
}

private func rule(
    _ id: String, _ code: String, _ severity: Severity, _ summary: String, _ rationale: String, trivy: String? = nil,
    _ bad: String, _ good: String
) -> RuleDescription {
    RuleDescription(
        id: id, aliases: [.hadolint(code)] + (trivy.map { [.trivy($0)] } ?? []), severity: severity, category: .packages,
        summary: summary,
        rationale: rationale,
        examples: [.triggering("FROM rockylinux:9\n↓RUN \(bad)\n"), .passing("FROM rockylinux:9\nRUN \(good)\n")])
}

struct YumAssumeYes: Rule {
    static let description = rule(
        "yum-assume-yes", "DL3030", .warning, "Use yum install -y.",
        "Without -y, yum asks for confirmation and the build fails without a terminal.",
        "yum install httpd-2.4.57 && yum clean all", "yum install -y httpd-2.4.57 && yum clean all")
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            installs(run.script, "yum").contains { !$0.hasFlag(short: "y", long: ["assumeyes"]) } ? Violation(run.node) : nil
        }
    }
}

struct YumClean: Rule {
    static let description = rule(
        "yum-clean", "DL3032", .warning, "Run yum clean all in the same RUN as yum install.",
        "yum's metadata and package cache otherwise stay in the layer.",
        trivy: "DS-0015", "yum install -y httpd-2.4.57", "yum install -y httpd-2.4.57 && yum clean all")
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let script = run.script
            let used = !installs(script, "yum").isEmpty
            let cleaned = script.commands(named: "yum").contains { $0.positional.starts(with: ["clean", "all"]) }
            return used && !cleaned && !run.hasCacheMount(under: "/var/cache/yum") ? Violation(run.node) : nil
        }
    }
}

struct YumPinVersions: Rule {
    static let description = rule(
        "yum-pin-versions", "DL3033", .warning, "Pin versions in yum install (package-version).",
        "Unpinned packages change between builds.",
        "yum install -y httpd && yum clean all", "yum install -y httpd-2.4.57 && yum clean all")
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let unpinned = unpinnedRPMPackages(installs(run.script, "yum"))
            return unpinned.isEmpty ? nil : Violation(run.node, "pin versions: \(unpinned.joined(separator: " "))")
        }
    }
}

struct DnfAssumeYes: Rule {
    static let description = rule(
        "dnf-assume-yes", "DL3038", .warning, "Use dnf install -y.",
        "Without -y, dnf asks for confirmation and the build fails without a terminal.",
        "dnf install httpd-2.4.57 && dnf clean all", "dnf install -y httpd-2.4.57 && dnf clean all")
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            (installs(run.script, "dnf") + installs(run.script, "microdnf")).contains {
                !$0.hasFlag(short: "y", long: ["assumeyes"])
            } ? Violation(run.node) : nil
        }
    }
}

struct DnfClean: Rule {
    static let description = rule(
        "dnf-clean", "DL3040", .warning, "Run dnf clean all in the same RUN as dnf install.",
        "dnf's metadata and package cache otherwise stay in the layer.",
        trivy: "DS-0019", "dnf install -y httpd-2.4.57", "dnf install -y httpd-2.4.57 && dnf clean all")
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let script = run.script
            let tools = ["dnf", "microdnf"].filter { !installs(script, $0).isEmpty }
            guard !tools.isEmpty else { return nil }
            let cleaned = tools.allSatisfy { tool in
                script.commands(named: tool).contains { $0.positional.starts(with: ["clean", "all"]) }
            }
            return cleaned || run.hasCacheMount(under: "/var/cache/dnf") ? nil : Violation(run.node)
        }
    }
}

struct DnfPinVersions: Rule {
    static let description = rule(
        "dnf-pin-versions", "DL3041", .warning, "Pin versions in dnf install (package-version).",
        "Unpinned packages change between builds.",
        "dnf install -y httpd && dnf clean all", "dnf install -y httpd-2.4.57 && dnf clean all")
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let unpinned = unpinnedRPMPackages(installs(run.script, "dnf") + installs(run.script, "microdnf"))
            return unpinned.isEmpty ? nil : Violation(run.node, "pin versions: \(unpinned.joined(separator: " "))")
        }
    }
}

struct ZypperNonInteractive: Rule {
    static let description = RuleDescription(
        id: "zypper-non-interactive", aliases: [.hadolint("DL3034")], severity: .warning, category: .packages,
        summary: "Use zypper -n (non-interactive) for install, remove and patch.",
        rationale: "zypper asks for confirmation otherwise and the build fails without a terminal.",
        examples: [
            .triggering("FROM opensuse/leap:15.6\n↓RUN zypper install httpd=2.4.58 && zypper clean\n"),
            .passing("FROM opensuse/leap:15.6\nRUN zypper -n install httpd=2.4.58 && zypper clean\n"),
        ])
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let commands = installs(
                run.script, "zypper", subcommands: ["install", "in", "remove", "rm", "source-install", "si", "patch"])
            return commands.contains {
                !$0.hasFlag(short: "n", long: ["non-interactive", "no-confirm"]) && !$0.hasFlag(short: "y")
            } ? Violation(run.node) : nil
        }
    }
}

struct ZypperDistUpgrade: Rule {
    static let description = RuleDescription(
        id: "zypper-dist-upgrade", aliases: [.hadolint("DL3035")], severity: .warning, category: .packages,
        summary: "Do not run zypper dist-upgrade in a Dockerfile.",
        rationale: "A distribution upgrade inside an image belongs in a new base image, not in a layer.",
        examples: [
            .triggering("FROM opensuse/leap:15.6\n↓RUN zypper dist-upgrade\n"),
            .passing("FROM opensuse/leap:15.6\nRUN zypper -n patch\n"),
        ])
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            installs(run.script, "zypper", subcommands: ["dist-upgrade", "dup"]).isEmpty ? nil : Violation(run.node)
        }
    }
}

struct ZypperClean: Rule {
    static let description = RuleDescription(
        id: "zypper-clean", aliases: [.hadolint("DL3036"), .trivy("DS-0020")], severity: .warning, category: .packages,
        summary: "Run zypper clean in the same RUN as zypper install.",
        rationale: "zypper's cache otherwise stays in the layer.",
        examples: [
            .triggering("FROM opensuse/leap:15.6\n↓RUN zypper -n install httpd=2.4.58\n"),
            .passing("FROM opensuse/leap:15.6\nRUN zypper -n install httpd=2.4.58 && zypper clean\n"),
        ])
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let script = run.script
            let used = !installs(script, "zypper", subcommands: ["install", "in"]).isEmpty
            let cleaned = script.commands(named: "zypper").contains { $0.has("clean", "cc") }
            return used && !cleaned ? Violation(run.node) : nil
        }
    }
}

struct ZypperPinVersions: Rule {
    static let description = RuleDescription(
        id: "zypper-pin-versions", aliases: [.hadolint("DL3037")], severity: .warning, category: .packages,
        summary: "Pin versions in zypper install.",
        rationale: "Unpinned packages change between builds.",
        examples: [
            .triggering("FROM opensuse/leap:15.6\n↓RUN zypper -n install httpd && zypper clean\n"),
            .passing("FROM opensuse/leap:15.6\nRUN zypper -n install httpd=2.4.58 && zypper clean\n"),
        ])
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let unpinned = installs(run.script, "zypper", subcommands: ["install", "in"]).flatMap { command in
                packages(command, dropping: ["install", "in"]).filter { package in
                    !(["=", ">=", ">", "<=", "<"].contains { package.contains($0) } || package.hasSuffix(".rpm"))
                }
            }
            return unpinned.isEmpty ? nil : Violation(run.node, "pin versions: \(unpinned.joined(separator: " "))")
        }
    }
}

struct GemPinVersions: Rule {
    static let description = RuleDescription(
        id: "gem-pin-versions", aliases: [.hadolint("DL3028")], severity: .warning, category: .packages,
        summary: "Pin versions in gem install (gem:version or -v).",
        rationale: "Unpinned gems change between builds.",
        examples: [
            .triggering("FROM ruby:3.3-slim\n↓RUN gem install bundler\n"),
            .passing("FROM ruby:3.3-slim\nRUN gem install bundler:2.5.16\nRUN gem install rails -v 7.1.3\n"),
        ])
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let unpinned = run.script.commands(named: "gem").filter {
                $0.positional.first == "install" || $0.positional.first == "i"
            }.flatMap { command -> [String] in
                if command.hasFlag(short: "v", long: ["version"]) { return [] }
                return command.positional.dropFirst().filter { !$0.contains(":") }
            }
            return unpinned.isEmpty
                ? nil : Violation(run.node, "pin versions: \(unpinned.map { "\($0):<version>" }.joined(separator: " "))")
        }
    }
}

struct GoInstallVersion: Rule {
    static let description = RuleDescription(
        id: "go-install-version", aliases: [.hadolint("DL3062")], severity: .warning, category: .packages,
        summary: "Pin go install and go run packages with @version.",
        rationale: "Without @version, go install resolves whatever is newest.",
        examples: [
            .triggering("FROM golang:1.23\n↓RUN go install github.com/go-delve/delve/cmd/dlv\n"),
            .passing("FROM golang:1.23\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1\n"),
        ])
    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let unpinned = run.script.commands(named: "go").filter { ["install", "run"].contains($0.positional.first ?? "") }
                .flatMap { command in
                    command.positional.dropFirst().filter {
                        !$0.contains("@") && !$0.hasPrefix(".") && !$0.hasSuffix(".go") && $0.contains("/")
                    }
                }
            return unpinned.isEmpty
                ? nil : Violation(run.node, "pin versions: \(unpinned.map { "\($0)@<version>" }.joined(separator: " "))")
        }
    }
}

/// Packages of yum/dnf installs without a version: `name-version` or an `.rpm` file for
/// packages, `name:stream` for `module install`.
private func unpinnedRPMPackages(_ commands: [ShellScript.Command]) -> [String] {
    commands.flatMap { command -> [String] in
        let module = command.has("module")
        return packages(command, dropping: ["install", "module"]).filter {
            module ? !$0.contains(":") : !($0.contains("-") || $0.hasSuffix(".rpm"))
        }
    }
}
