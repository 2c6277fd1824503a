import DockerfileSyntax
import Foundation
import ParallelJobs
import StagecraftCompose
import StagecraftReporting

/// A whole lint run as a library call: find the Dockerfiles (a folder is a project, whose compose
/// files say which targets each Dockerfile builds), lint them in parallel, apply or preview the
/// fixes that cannot change behaviour (writing each file atomically), and gather one report with
/// the project rules' findings.
///
/// ```swift
/// let outcome = try LintSession(configuration: LintConfiguration()).run(paths: ["."])
/// print(TextLintFormatter().format(outcome.report))
/// ```
public struct LintSession: Sendable {
    /// What happens to fixable findings.
    public enum Mode: Sendable { case report, fix, diff }

    /// A Dockerfile and the stages built from it (names; "" is the last stage; none means the
    /// linter's default).
    public struct Unit: Sendable, Equatable {
        public var path: String
        public var targets: [String]
        /// Whether the user named the targets (`--target`): a name no stage has is then an
        /// error. Targets from compose files are checked by the compose rules instead.
        public var targetsAreRequested: Bool
        /// Named build contexts the project's builds pass.
        public var namedContexts: Set<String>

        public init(path: String, targets: [String] = [], targetsAreRequested: Bool = false, namedContexts: Set<String> = []) {
            self.path = path
            self.targets = targets
            self.targetsAreRequested = targetsAreRequested
            self.namedContexts = namedContexts
        }
    }

    /// What a run found and did.
    public struct Outcome: Sendable {
        public var report: LintReport
        /// The unified diff of the fixes (`.diff` mode).
        public var diff: String
        /// Whether a file could not be read or parsed, or a compose file could not be used.
        public var unusable: Bool
        /// Files named like Dockerfiles that were not linted, and why.
        public var skipped: [DockerfileDiscovery.Skipped]

        /// Whether a finding is at or above the configured failure threshold.
        public func fails(_ threshold: FailureThreshold) -> Bool { report.findings.contains { threshold.fails($0.severity) } }
    }

    public var configuration: LintConfiguration
    /// Whether the report keeps source lines (text output shows them).
    public var keepSources: Bool

    public init(configuration: LintConfiguration, keepSources: Bool = true) {
        self.configuration = configuration
        self.keepSources = keepSources
    }

    /// Lints `paths` (Dockerfiles, or project folders) and the Dockerfiles `files` lists. `targets`
    /// (stage names, "" for the last) replace the ones compose files give.
    ///
    /// Throws an ``InputProblem``: a path that does not exist, nothing to lint, a requested target
    /// no stage has, or a fixed file that could not be written.
    public func run(paths: [String], files: [String] = [], targets: [String] = [], mode: Mode = .report) throws -> Outcome {
        var units = files.map { Unit(path: $0, targets: targets, targetsAreRequested: !targets.isEmpty) }
        var projectFindings: [Finding] = []
        var composeFiles: [String] = []
        var projectUnusable = false
        var skipped: [DockerfileDiscovery.Skipped] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw DockerfileDiscovery.DiscoveryError.missing(path)
            }
            guard isDirectory.boolValue else {
                units.append(Unit(path: path, targets: targets, targetsAreRequested: !targets.isEmpty))
                continue
            }
            let project = try ProjectLinter(configuration: configuration).lint(root: path)
            units += project.units.map {
                Unit(
                    path: $0.dockerfile, targets: targets.isEmpty ? $0.targets : targets, targetsAreRequested: !targets.isEmpty,
                    namedContexts: $0.namedContexts)
            }
            skipped += project.skipped
            projectFindings += project.findings
            composeFiles += project.composeFiles
            projectUnusable = projectUnusable || project.unusable
        }
        guard !units.isEmpty || !composeFiles.isEmpty else {
            throw FileProblem(
                paths.joined(separator: ", "), "no Dockerfiles found", remedy: "name a Dockerfile or a folder that holds one")
        }
        var outcome = try run(units: units, mode: mode)
        outcome.skipped = skipped
        outcome.merge(projectFindings, files: composeFiles)
        outcome.unusable = outcome.unusable || projectUnusable
        return outcome
    }

    /// Lints `units`, fixing or diffing them as `mode` says.
    public func run(units: [Unit], mode: Mode) throws -> Outcome {
        let linter = Linter(configuration: configuration)
        let session = self
        let files = units.map(\.path)
        // Each file on a large stack: the parser recurses as deep as BuildKit accepts.
        let results = ParallelJobs.map(count: units.count, stackSize: DockerfileParser.recommendedStackSize) { index in
            session.process(units[index], mode: mode, linter: linter)
        }
        if let failure = results.compactMap(\.failure).first { throw failure }
        var sources: [String: DockerfileDocumentSource] = [:]
        for (file, result) in zip(files, results) { sources[file] = result.source }
        return Outcome(
            report: LintReport(findings: results.flatMap(\.findings), files: files, sources: sources),
            diff: results.map(\.diff).joined(), unusable: results.contains { $0.unusable }, skipped: [])
    }

    /// One file's outcome.
    struct FileResult: Sendable {
        var findings: [Finding] = []
        var source: DockerfileDocumentSource?
        var diff = ""
        var unusable = false
        var failure: FileProblem?
    }

    /// Lints one file, fixing or diffing it as asked.
    func process(_ unit: Unit, mode: Mode, linter: Linter) -> FileResult {
        let file = unit.path
        guard let bytes = TextFile.bytes(file, limit: Int.max) else {
            var status = stat()
            let isSpecial = stat(file, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG
            let finding = Finding(
                ruleID: "unreadable", severity: .error,
                message: isSpecial
                    ? "is not a regular file (a FIFO, socket or device), so it is not read"
                    : "cannot read the file; check its permissions", file: file, line: 1)
            return FileResult(findings: [finding], unusable: true)
        }
        var current = bytes
        var result = FileResult()
        do {
            result.findings = try lint(current, unit, linter: linter)
            if unit.targetsAreRequested, let document = try? DockerfileDocument(path: file, source: current) {
                let names = document.stages.compactMap(\.name)
                if let unknown = unit.targets.first(where: { !$0.isEmpty && !names.contains($0.lowercased()) }) {
                    let listed = names.isEmpty ? "it has no named stages" : "its stages are \(names.joined(separator: ", "))"
                    result.failure = FileProblem(file, "--target \(unknown) names no stage", remedy: listed)
                    return result
                }
            }
            if mode != .report {
                // Fixes may uncover or overlap others: repeat a few times until nothing changes.
                for _ in 0..<4 {
                    let fixes = result.findings.compactMap(\.fix)
                    guard !fixes.isEmpty else { break }
                    let fixed = try FixApplier.apply(fixes, to: current)
                    if fixed == current { break }
                    current = fixed
                    result.findings = try lint(current, unit, linter: linter)
                }
                if current != bytes {
                    if mode == .fix {
                        try AtomicFile.write(current, to: file)
                    } else {
                        result.diff = UnifiedDiff.render(
                            old: String(decoding: bytes, as: UTF8.self), new: String(decoding: current, as: UTF8.self), path: file
                        )
                    }
                }
            }
        } catch let error as SyntaxFailure {
            result.findings = [error.finding]
            result.unusable = true
        } catch let problem as FileProblem {
            result.failure = problem
        } catch {
            result.failure = FileProblem(file, "\(error)")
        }
        if keepSources { result.source = DockerfileDocumentSource(current) }
        return result
    }

    private func lint(_ bytes: [UInt8], _ unit: Unit, linter: Linter) throws -> [Finding] {
        let document: DockerfileDocument
        do {
            document = try DockerfileDocument(path: unit.path, source: bytes)
        } catch {
            throw SyntaxFailure(
                finding: Finding(
                    ruleID: "syntax-error", severity: .error, message: "\(error.message); \(error.hint)", file: unit.path,
                    line: error.line, column: error.column))
        }
        let indexes = unit.targets.compactMap { name in
            name.isEmpty
                ? (document.stages.isEmpty ? nil : document.stages.count - 1)
                : document.stages.first { $0.name == name.lowercased() }?.index
        }
        return linter.lint(
            document, targets: indexes.isEmpty ? nil : Array(Set(indexes)).sorted(), namedContexts: unit.namedContexts)
    }

    /// A file that does not parse: reported as a finding, not thrown to the caller.
    private struct SyntaxFailure: Error {
        var finding: Finding
    }
}

extension LintSession.Outcome {
    /// Adds project findings (compose and context rules) and the compose files checked.
    mutating func merge(_ findings: [Finding], files: [String]) {
        report.findings = (report.findings + findings).sorted {
            ($0.file, $0.line, $0.ruleID) < ($1.file, $1.line, $1.ruleID)
        }
        report.files += files.filter { !report.files.contains($0) }
        guard !findings.isEmpty else { return }
        for file in Set(findings.map(\.file)) where report.sources[file] == nil {
            if let bytes = TextFile.bytes(file, limit: Int.max) { report.sources[file] = DockerfileDocumentSource(bytes) }
        }
    }
}
