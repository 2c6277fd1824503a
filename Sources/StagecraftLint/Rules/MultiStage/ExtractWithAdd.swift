import DockerfileSyntax

struct ExtractWithAdd: Rule {
    static let description = RuleDescription(
        id: "extract-with-add", aliases: [.hadolint("DL3010")], severity: .info, category: .multiStage,
        summary: "Use ADD to extract a local archive instead of COPY followed by tar or unzip.",
        rationale:
            "COPY then extract keeps the archive in one layer and its contents in the next; ADD unpacks in one step. An archive the same RUN checks first (sha256sum -c, gpg --verify) is left alone: ADD would unpack it unchecked.",
        examples: [
            .triggering("FROM alpine:3.20\n↓COPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n"),
            .passing("FROM alpine:3.20\nADD app.tar.gz /opt/\n"),
            .passing(
                "FROM alpine:3.20\nCOPY app.tar.gz app.sha256 /tmp/\nRUN cd /tmp && sha256sum -c app.sha256 && tar -xzf app.tar.gz -C /opt\n"
            ),
        ])

    /// Commands that check an archive before it is unpacked.
    static let verifiers: Set<String> = [
        "sha256sum", "sha512sum", "sha384sum", "sha1sum", "md5sum", "shasum", "b2sum", "gpg", "gpgv", "cosign", "minisign",
        "signify",
    ]

    static let extractors: Set<String> = ["unzip", "gunzip", "bunzip2", "unlzma", "unxz", "zgz", "uncompress", "zcat", "gzcat"]

    func check(_ context: RuleContext) -> [Violation] {
        var violations: [Violation] = []
        for stage in context.document.stages {
            let copiesArchive = stage.instructions.contains { node in
                node.command == "copy" && node.next.contains { CopyInsteadOfAdd.isArchive($0.value) }
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
                        CopyInsteadOfAdd.isArchive(target)
                        ? [basename(target)] : sources.map(basename).filter(CopyInsteadOfAdd.isArchive)
                    archives += names.map { (node.startLine, $0) }
                }
                guard node.command == "run", let run = context.run(for: node) else { continue }
                if run.script.commands.contains(where: { Self.verifiers.contains($0.name) }) { continue }
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
