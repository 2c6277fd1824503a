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
            var units: [LintSession.Unit] = []
            var paths = paths
            if let filesFrom {
                let listed = try InputFile(filesFrom, isDockerfile: false).bytes.split(separator: UInt8(ascii: "\n")).map {
                    String(decoding: $0, as: UTF8.self)
                }
                units += listed.filter { !$0.isEmpty }.map {
                    LintSession.Unit(path: $0, targets: targets, targetsAreRequested: !targets.isEmpty)
                }
                if self.paths == ["."] { paths = [] }
            }
            var projectFindings: [Finding] = []
            var composeFiles: [String] = []
            var projectUnusable = false
            for path in paths {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    throw CommandFailure(DockerfileDiscovery.DiscoveryError.missing(path))
                }
                guard isDirectory.boolValue else {
                    units.append(LintSession.Unit(path: path, targets: targets, targetsAreRequested: !targets.isEmpty))
                    continue
                }
                // A folder is a project: compose files decide which targets each Dockerfile builds.
                let project = try ProjectLinter(configuration: configuration).lint(root: path)
                units += project.units.map {
                    LintSession.Unit(
                        path: $0.dockerfile, targets: targets.isEmpty ? $0.targets : targets,
                        targetsAreRequested: !targets.isEmpty, namedContexts: $0.namedContexts)
                }
                if verbose {
                    for skipped in project.skipped { Console.error("\(skipped.path): skipped: \(skipped.reason)") }
                }
                projectFindings += project.findings
                composeFiles += project.composeFiles
                projectUnusable = projectUnusable || project.unusable
            }
            guard !units.isEmpty || !composeFiles.isEmpty else {
                throw CommandFailure(
                    "error: no Dockerfiles found under \(paths.joined(separator: ", ")); name a Dockerfile or a folder that holds one"
                )
            }
            let session = LintSession(configuration: configuration, keepSources: format == .text)
            var result = try session.run(units: units, mode: fix ? .fix : (diff ? .diff : .report))
            result.merge(projectFindings, files: composeFiles)
            result.unusable = result.unusable || projectUnusable
            if !result.diff.isEmpty { Console.output(result.diff) }
            let color =
                !noColor && format == .text && isatty(STDOUT_FILENO) != 0
                && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            let rendered = format.render(result.report, color: color)
            if !rendered.isEmpty && !(diff && format == .text && result.report.findings.isEmpty) {
                FileHandle.standardOutput.write(Data(rendered.utf8))
            }
            if result.unusable { throw CommandFailure("", exitCode: ExitStatus.usage) }
            if result.report.findings.contains(where: { configuration.failureThreshold.fails($0.severity) }) {
                throw CommandFailure("", exitCode: ExitStatus.findings)
            }
        }
    }
}

extension LintFormat: ExpressibleByArgument {}
