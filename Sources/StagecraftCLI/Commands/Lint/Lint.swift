import ArgumentParser
import Foundation
import StagecraftLint

extension Stagecraft {
    /// `stagecraft lint`: checks Dockerfiles against the rule catalogue, optionally fixing them.
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lint Dockerfiles (a file, or every Dockerfile under a folder).",
            discussion: """
                Exit codes: 0 no finding at or above the failure threshold, 1 findings, 2 unusable input or usage.
                Settings come from .stagecraft.yml (or .hadolint.yaml) in the folder linted or the nearest one above it, then from flags.
                """
        )

        @Argument(help: "Dockerfiles or folders to lint (default: the current folder).")
        var paths: [String] = ["."]

        @Option(help: "Output: text, json, sarif, checkstyle, junit, github or markdown.")
        var format: LintFormat = .text

        @Option(help: "A configuration file (.stagecraft.yml or .hadolint.yaml).")
        var config: String?

        @Option(
            name: .customLong("failure-threshold"), help: "Fail at this severity or above: error, warning, info, style, none.")
        var failureThreshold: String?

        @Option(name: .customLong("ignore"), help: "A rule id or alias not to report. Repeatable.")
        var ignored: [String] = []

        @Option(name: .customLong("enable"), help: "Turn on a rule that is off by default. Repeatable.")
        var enabled: [String] = []

        @Option(name: .customLong("trusted-registry"), help: "A registry images may come from. Repeatable.")
        var trustedRegistries: [String] = []

        @Option(name: .customLong("target"), help: "A stage built as an image (default: the last). Repeatable.")
        var targets: [String] = []

        @Option(
            name: .customLong("files-from"),
            help: "Also lint the Dockerfiles listed in this file, one per line (- for standard input).")
        var filesFrom: String?

        @Flag(help: "Apply the fixes that cannot change behaviour, in place.")
        var fix = false

        @Flag(help: "Print the fixes as a unified diff instead of applying them.")
        var diff = false

        @Flag(name: .customLong("no-color"), help: "Plain text output.")
        var noColor = false

        @Flag(help: "Run ShellCheck on RUN scripts (needs the shellcheck program; also lint.shellcheck: true).")
        var shellcheck = false

        @Flag(name: .shortAndLong, help: "Also say which files named like Dockerfiles were skipped, and why.")
        var verbose = false

        func run() throws {
            var configuration = LintConfiguration(try Settings.load(explicit: config, folder: Settings.folder(of: paths)).lint)
            configuration.disabled.formUnion(ignored)
            configuration.enabled.formUnion(enabled)
            configuration.trustedRegistries += trustedRegistries
            configuration.shellcheck = configuration.shellcheck || shellcheck
            if configuration.shellcheck && ShellCheck.find() == nil {
                Console.error(
                    "note: shellcheck is not installed (apt-get install shellcheck); RUN scripts are not checked with it")
            }
            if let failureThreshold {
                guard let threshold = FailureThreshold(failureThreshold) else {
                    throw CommandFailure(
                        "error: --failure-threshold takes error, warning, info, style or none, not \(failureThreshold)")
                }
                configuration.failureThreshold = threshold
            }
            var listed: [String] = []
            if let filesFrom {
                listed = try InputFile(filesFrom, isDockerfile: false).bytes.split(separator: UInt8(ascii: "\n")).map {
                    String(decoding: $0, as: UTF8.self)
                }.filter { !$0.isEmpty }
            }
            let session = LintSession(configuration: configuration, keepSources: format == .text)
            let result = try session.run(
                paths: filesFrom != nil && paths == ["."] ? [] : paths, files: listed, targets: targets,
                mode: fix ? .fix : (diff ? .diff : .report))
            if verbose {
                for skipped in result.skipped { Console.error("\(skipped.path): skipped: \(skipped.reason)") }
            }
            if !result.diff.isEmpty { Console.output(result.diff) }
            let color =
                !noColor && format == .text && isatty(STDOUT_FILENO) != 0
                && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            let rendered = format.render(result.report, color: color)
            if !rendered.isEmpty && !(diff && format == .text && result.report.findings.isEmpty) {
                FileHandle.standardOutput.write(Data(rendered.utf8))
            }
            if result.unusable { throw CommandFailure("", exitCode: ExitStatus.usage) }
            if result.fails(configuration.failureThreshold) {
                throw CommandFailure("", exitCode: ExitStatus.findings)
            }
        }
    }
}

extension LintFormat: ExpressibleByArgument {}
