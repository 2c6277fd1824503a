import DockerfileSyntax

struct CopyInsteadOfAdd: Rule {
    static let description = RuleDescription(
        id: "copy-instead-of-add",
        aliases: [.hadolint("DL3020"), .trivy("DS-0005")],
        severity: .warning, category: .correctness,
        summary: "Use COPY for files and folders; ADD is for URLs and archives.",
        rationale:
            "ADD also fetches URLs and unpacks archives; for plain files that hidden behaviour is a surprise waiting to happen.",
        examples: [
            .triggering("FROM alpine:3.20\n↓ADD app.py /app/\n"),
            .passing(
                "FROM alpine:3.20\nADD rootfs.tar.gz /\nADD https://example.com/x.sh /x.sh\nADD \"https://example.com/y.sh\" /y.sh\n"
            ),
        ],
        fixable: true)

    static let archiveSuffixes = [
        ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz", ".xz",
        ".zst",
    ]

    func check(_ context: RuleContext) -> [Violation] {
        context.document.stages.flatMap { $0.instructions("add") }.compactMap { node in
            guard node.heredocs.isEmpty else { return nil }
            let sources = copySources(node)
            guard !sources.isEmpty, sources.allSatisfy({ !Self.isURL($0) && !Self.isArchive($0) }) else { return nil }
            let fix = context.replace(node.value, with: node.value == "add" ? "copy" : "COPY", in: node, title: "use COPY")
            return Violation(node, fix: node.flags.allSatisfy(Self.copyAccepts) ? fix : nil)
        }
    }

    static func isURL(_ source: String) -> Bool { isRemoteSource(source) }

    static func isArchive(_ source: String) -> Bool { archiveSuffixes.contains { source.hasSuffix($0) } }

    /// ADD flags that COPY also takes, so the rewrite keeps its meaning.
    static func copyAccepts(_ flag: String) -> Bool {
        ["--chown=", "--chmod=", "--link", "--exclude="].contains { flag.hasPrefix($0) }
    }
}
