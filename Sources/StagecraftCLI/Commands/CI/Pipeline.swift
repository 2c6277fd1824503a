import ContainerEngine
import Foundation
import StagecraftBuild
import StagecraftReporting

/// The steps of `stagecraft ci`, each one or more runs of another stagecraft command in the
/// project's folder, with its JSON output kept in `.stagecraft/ci/` and its exit code read as
/// passed (0), failed (1) or could not run (2).
enum PipelineStep: String, CaseIterable, Sendable {
    case lint, build, test, inspect, scan, gate, report

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Steps named by `--only` or `--skip` (comma-separated, repeatable).
    static func parse(_ lists: [String], option: String) throws -> Set<PipelineStep> {
        var steps: Set<PipelineStep> = []
        for name in lists.flatMap({ $0.split(separator: ",") }).map({ $0.trimmingCharacters(in: .whitespaces) })
        where !name.isEmpty {
            guard let step = PipelineStep(rawValue: name) else {
                throw CommandFailure("error: \(option): no step named \(name); the steps are \(names)")
            }
            steps.insert(step)
        }
        return steps
    }
}

/// What one step came to.
struct StepResult: Sendable {
    enum Status: String, Sendable {
        case passed, failed, error, skipped
    }

    var step: PipelineStep
    var status: Status
    var seconds: Double
    /// One line a reader takes in at a glance: `2 built, cache hits 75%`.
    var summary: String
    /// The commands run, as typed.
    var commands: [String] = []
    /// Where the outputs were kept.
    var outputs: [String] = []
}

/// One run of a stagecraft command as a child: its standard output kept in a file, its standard
/// error (progress) passed through, stopped with the parent on Ctrl-C.
struct StepCommand {
    var arguments: [String]
    var output: String

    /// This executable, so a step runs the same stagecraft.
    static var executable: String {
        let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return link.isEmpty ? CommandLine.arguments[0] : link
    }

    /// What a run came to: its exit status (2 when it could not start), what it printed, and the
    /// last error it wrote on standard error.
    struct Outcome {
        var status: Int32
        var output: Data
        var lastError: String?
    }

    /// Runs it in `folder`, passing its standard error through as it comes.
    func run(in folder: String) -> Outcome {
        let url = URL(fileURLWithPath: output)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: output, contents: nil), let file = FileHandle(forWritingAtPath: output)
        else {
            return Outcome(status: ExitStatus.usage, output: Data(), lastError: "\(output) cannot be written")
        }
        defer { try? file.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = file
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch {
            return Outcome(status: ExitStatus.usage, output: Data(), lastError: "cannot run \(Self.executable): \(error)")
        }
        ChildProcesses.started(process)
        // Progress goes on to the terminal as it comes; the tail is kept for the summary.
        var tail = Data()
        let reader = errors.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            FileHandle.standardError.write(chunk)
            tail.append(chunk)
            if tail.count > 65_536 { tail = tail.suffix(16_384) }
        }
        process.waitUntilExit()
        ChildProcesses.finished(process)
        let status = process.terminationReason == .uncaughtSignal ? ExitStatus.usage : process.terminationStatus
        let lines = String(decoding: tail, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        let lastError = lines.last { $0.contains("error:") } ?? lines.last
        return Outcome(
            status: status, output: FileManager.default.contents(atPath: output) ?? Data(),
            lastError: lastError.map { String($0.prefix(300)) })
    }

    var display: String { (["stagecraft"] + arguments).map(shellQuoted).joined(separator: " ") }
}

/// `word` as a shell reads it back.
func shellQuoted(_ word: String) -> String {
    let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=,@%+".contains($0) }
    return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// The steps' results as every CI format writes them.
struct PipelineReport {
    var project: String
    var results: [StepResult]

    var exitCode: Int32 {
        if results.contains(where: { $0.status == .error }) { return ExitStatus.usage }
        return results.contains(where: { $0.status == .failed }) ? ExitStatus.findings : ExitStatus.success
    }

    func text() -> String {
        let rows =
            [["STEP", "RESULT", "TIME", "SUMMARY"]]
            + results.map {
                [
                    $0.step.rawValue, $0.status.rawValue, $0.status == .skipped ? "" : String(format: "%.1f s", $0.seconds),
                    $0.summary,
                ]
            }
        let verdict: String
        switch exitCode {
        case ExitStatus.success: verdict = "ci passed"
        case ExitStatus.findings:
            verdict = "ci failed: " + results.filter { $0.status == .failed }.map(\.step.rawValue).joined(separator: ", ")
        default:
            verdict =
                "ci could not run: "
                + results.filter { $0.status == .error }.map(\.step.rawValue).joined(separator: ", ")
        }
        return textTable(rows.map { $0.map(terminalSafe) }) + "\n\n" + verdict
    }

    var suite: CheckSuite {
        CheckSuite(
            name: "stagecraft ci",
            cases: results.map { result in
                let outcome: CheckCase.Outcome
                switch result.status {
                case .passed: outcome = .note(result.summary)
                case .skipped: outcome = .skip(message: result.summary)
                case .failed, .error:
                    outcome = .fail(
                        message: result.summary, type: result.status.rawValue,
                        detail: (result.commands + result.outputs.map { "output: \($0)" }).joined(separator: "\n"))
                }
                return CheckCase(group: project, name: result.step.rawValue, outcome: outcome, seconds: result.seconds)
            }, seconds: results.map(\.seconds).reduce(0, +))
    }

    func junit() -> String { JUnit.render(name: "stagecraft ci", suites: [suite]) }

    func markdown() -> String { MarkdownSummary.render(title: "stagecraft ci: \(project)", suites: [suite]) }

    func github() -> String {
        let failed = results.filter { $0.status == .failed || $0.status == .error }
        let diagnostics = failed.map {
            Diagnostic(
                severity: .error, code: "ci/\($0.step.rawValue)",
                message: "\($0.step.rawValue) \($0.status.rawValue): \($0.summary)",
                hint: $0.outputs.first.map { "output: \($0)" }, file: project)
        }
        return GitHubAnnotations.render(diagnostics, located: false, titlePrefix: "stagecraft ci: ")
    }

    func json() throws -> String {
        struct Document: Encodable {
            struct Step: Encodable {
                var step: String
                var result: String
                var seconds: Double
                var summary: String
                var commands: [String]
                var outputs: [String]
            }
            var project: String
            var exitCode: Int32
            var steps: [Step]
        }
        return try prettyJSON(
            Document(
                project: project, exitCode: exitCode,
                steps: results.map {
                    .init(
                        step: $0.step.rawValue, result: $0.status.rawValue, seconds: ($0.seconds * 1000).rounded() / 1000,
                        summary: $0.summary, commands: $0.commands, outputs: $0.outputs)
                }))
    }
}
