import DockerfileSyntax

struct UnsuitableCommand: Rule {
    static let description = RuleDescription(
        id: "unsuitable-command", aliases: [.hadolint("DL3001")], severity: .info, category: .maintainability,
        summary: "Do not run interactive or host-management commands (ssh, vim, ps, top, service, …) in RUN.",
        rationale: "They make no sense in a build step and usually signal a misunderstanding of what a container is.",
        examples: [.triggering("FROM debian:12\n↓RUN service nginx start\n"), .passing("FROM debian:12\nRUN nginx -t\n")])

    static let commands: Set<String> = ["free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"]

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            guard let command = run.script.commands.first(where: { Self.commands.contains($0.name) }) else { return nil }
            return Violation(run.node, "\(command.name) has no place in a build step")
        }
    }
}

struct LnBinSh: Rule {
    static let description = RuleDescription(
        id: "shell-instruction", aliases: [.hadolint("DL4005")], severity: .warning, category: .correctness,
        summary: "Use SHELL to change the default shell instead of linking /bin/sh.",
        rationale: "Replacing /bin/sh changes every script in the image, including the base image's; SHELL only changes RUN.",
        examples: [
            .triggering("FROM debian:12\n↓RUN ln -sfv /bin/bash /bin/sh\n"),
            .passing("FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            run.script.commands(named: "ln").contains { $0.has("/bin/sh") } ? Violation(run.node) : nil
        }
    }
}

struct UseraddLargeUID: Rule {
    static let description = RuleDescription(
        id: "useradd-no-log-init", aliases: [.hadolint("DL3046")], severity: .warning, category: .correctness,
        summary: "Use useradd -l with a large UID.",
        rationale: "useradd writes a sparse lastlog entry sized by the UID; with a large UID the layer grows to gigabytes.",
        examples: [
            .triggering("FROM debian:12\n↓RUN useradd -u 123456 app\n"),
            .passing("FROM debian:12\nRUN useradd -l -u 123456 app\nRUN useradd -u 1000 app2\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.runs().compactMap { run in
            let bad = run.script.commands(named: "useradd").contains { command in
                guard !command.hasFlag(short: "l", long: ["no-log-init"]) else { return false }
                guard let index = command.arguments.firstIndex(where: { $0 == "-u" || $0 == "--uid" }),
                    index + 1 < command.arguments.count
                else {
                    return false
                }
                return command.arguments[index + 1].count > 5
            }
            return bad ? Violation(run.node) : nil
        }
    }
}

struct EnvSelfReference: Rule {
    static let description = RuleDescription(
        id: "env-same-statement-reference", aliases: [.hadolint("DL3044")], severity: .error, category: .correctness,
        summary: "Do not refer to a variable in the same ENV statement that defines it.",
        rationale: "All values of one ENV are expanded before any is set, so `ENV A=1 B=$A` gives B the old value of A.",
        examples: [
            .triggering("FROM alpine:3.20\n↓ENV APP=/app BIN=$APP/bin\n"),
            .passing("FROM alpine:3.20\nENV APP=/app\nENV BIN=$APP/bin PATH=$PATH:/x\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        var violations: [Violation] = []
        for stage in context.document.stages {
            var defined = Set<String>()
            for node in stage.instructions {
                if node.command == "arg" { defined.formUnion(node.next.map { argName($0.value) }) }
                guard node.command == "env", node.next.count > 3 else {
                    if node.command == "env" {
                        defined.formUnion(stride(from: 0, to: node.next.count, by: 3).map { node.next[$0].value })
                    }
                    continue
                }
                let pairs = stride(from: 0, to: node.next.count - 1, by: 3).map { (node.next[$0].value, node.next[$0 + 1].value) }
                let referenced = pairs.enumerated().contains { index, pair in
                    !defined.contains(pair.0)
                        && pairs.enumerated().contains { other, candidate in
                            other != index && Self.refers(to: pair.0, in: candidate.1)
                        }
                }
                if referenced { violations.append(Violation(node)) }
                defined.formUnion(pairs.map(\.0))
            }
        }
        return violations
    }

    static func refers(to name: String, in text: String) -> Bool {
        if text.contains("${\(name)}") { return true }
        let marker = "$" + name
        var rest = Substring(text)
        while let range = rest.range(of: marker) {
            let after = rest[range.upperBound...]
            if let next = after.first, next == "_" || next.isLetter || next.isNumber {
                rest = after
                continue
            }
            return true
        }
        return false
    }
}

struct LabelKeyFormat: Rule {
    static let description = RuleDescription(
        id: "label-key-format", aliases: [.hadolint("DL3048")], severity: .style, category: .style,
        summary: "Use lower-case, dot-separated label keys outside Docker's reserved namespaces.",
        rationale:
            "The OCI and Docker conventions (reverse-DNS, lower case, no `..` or `--`) keep labels portable and avoid clashes with com.docker.* keys.",
        examples: [
            .triggering("FROM alpine:3.20\n↓LABEL Maintainer=me\n"),
            .passing("FROM alpine:3.20\nLABEL org.opencontainers.image.title=demo\n"),
        ])

    static func isValid(_ key: String) -> Bool {
        let reserved = ["com.docker.", "io.docker.", "org.dockerproject."]
        guard !reserved.contains(where: key.hasPrefix), !key.contains(".."), !key.contains("--") else { return false }
        guard let first = key.first, first.isLowercase || first.isNumber, let last = key.last, last.isLowercase || last.isNumber
        else {
            return key.count == 1 && key.first?.isLowercase == true
        }
        return key.allSatisfy { $0.isLowercase || $0.isNumber || ".-_/".contains($0) } && key.unicodeScalars.allSatisfy(\.isASCII)
    }

    func check(_ context: RuleContext) -> [Violation] {
        context.document.parsed.nodes.compactMap { node in
            guard node.command == "label" else { return nil }
            let keys = stride(from: 0, to: node.next.count, by: 3).map { node.next[$0].value.trimmingCharacters(in: "\"'") }
            let bad = keys.filter { !Self.isValid($0) }
            return bad.isEmpty ? nil : Violation(node, "invalid label key \(bad.joined(separator: ", "))")
        }
    }
}

struct CopyWholeFilesystem: Rule {
    static let description = RuleDescription(
        id: "copy-from-root", aliases: [.hadolint("DL3067")], severity: .warning, category: .multiStage,
        summary: "Do not COPY --from a stage's whole filesystem (/ to /).",
        rationale: "Copying / brings the builder's compilers, caches and package databases along, undoing the multi-stage split.",
        examples: [
            .triggering("FROM golang:1.23 AS build\nFROM scratch\n↓COPY --from=build / /\n"),
            .passing("FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build /out/app /app\n"),
        ])

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { $0.instructions("copy") }.compactMap { node in
            guard node.flags.contains(where: { $0.hasPrefix("--from=") }), node.next.map(\.value) == ["/", "/"] else {
                return nil
            }
            return Violation(node)
        }
    }
}

struct ExtractWithAdd: Rule {
    static let description = RuleDescription(
        id: "extract-with-add", aliases: [.hadolint("DL3010")], severity: .info, category: .multiStage,
        summary: "Use ADD to extract a local archive instead of COPY followed by tar or unzip.",
        rationale: "COPY then extract keeps the archive in one layer and its contents in the next; ADD unpacks in one step.",
        examples: [
            .triggering("FROM alpine:3.20\n↓COPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n"),
            .passing("FROM alpine:3.20\nADD app.tar.gz /opt/\n"),
        ])

    static let extractors: Set<String> = ["unzip", "gunzip", "bunzip2", "unlzma", "unxz", "zgz", "uncompress", "zcat", "gzcat"]

    func check(_ context: RuleContext) -> [Violation] {
        var violations: [Violation] = []
        for stage in context.document.stages {
            let copiesArchive = stage.instructions.contains { node in
                node.command == "copy" && node.next.contains { AddInsteadOfCopy.isArchive($0.value) }
            }
            guard copiesArchive else { continue }
            var archives: [(line: Int, name: String)] = []
            var reported = Set<Int>()
            for node in stage.instructions {
                if node.command == "copy", !node.flags.contains(where: { $0.hasPrefix("--from=") }),
                    let target = node.next.last?.value
                {
                    let sources = node.next.map(\.value).dropLast()
                    let names =
                        AddInsteadOfCopy.isArchive(target)
                        ? [basename(target)] : sources.map(basename).filter(AddInsteadOfCopy.isArchive)
                    archives += names.map { (node.startLine, $0) }
                }
                guard node.command == "run", let run = context.run(for: node) else { continue }
                for command in run.script.commands {
                    let tar =
                        command.name == "tar"
                        && command.arguments.contains {
                            $0 == "--extract" || $0 == "--get" || ($0.hasPrefix("-") && $0.contains("x"))
                        }
                    guard tar || Self.extractors.contains(command.name) else { continue }
                    let arguments = Set(command.positional.map(basename))
                    for archive in archives where arguments.contains(archive.name) && reported.insert(archive.line).inserted {
                        violations.append(Violation(line: archive.line))
                    }
                }
            }
        }
        return violations.sorted { $0.line < $1.line }
    }

    private func basename(_ path: String) -> String {
        let unquoted = path.trimmingCharacters(in: "\"'")
        return String(unquoted.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? Substring(unquoted))
    }
}

struct InlineIgnorePragma: Rule {
    static let description = RuleDescription(
        id: "inline-ignore", aliases: [.hadolint("DL1001")], severity: .info, category: .maintainability,
        summary: "Inline ignore comments are not allowed by this project's policy.",
        rationale:
            "Teams that review exceptions centrally turn this on so every suppression goes through the configuration file.",
        examples: [
            .triggering("FROM alpine:3.20\n↓# hadolint ignore=DL3018\nRUN apk add --no-cache curl\n"),
            .passing("FROM alpine:3.20\n# a normal comment\nRUN apk add --no-cache curl=8.9.0-r0\n"),
        ])

    static let enabledByDefault = false

    func check(_ context: RuleContext) -> [Violation] {
        (1...max(1, context.document.lineStarts.count)).compactMap { line in
            let text = context.document.lineText(line).trimmingCharacters(in: " \t")
            guard text.hasPrefix("#"), Suppressions.ignorePragma(String(text.dropFirst()).trimmingCharacters(in: " \t")) != nil
            else { return nil }
            return Violation(line: line)
        }
    }
}
