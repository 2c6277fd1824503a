import Foundation
import StagecraftReporting

/// `stagecraft build` results: a table for people, JSON for scripts and later commands.
public struct BuildReport: Sendable {
    public var project: String
    public var outcomes: [BuildOutcome]
    public var skipped: [(service: String, target: String)]

    public init(project: String, outcomes: [BuildOutcome], skipped: [(service: String, target: String)]) {
        self.project = project
        self.outcomes = outcomes
        self.skipped = skipped
    }

    public var failed: [BuildOutcome] { outcomes.filter { !$0.succeeded } }

    static func seconds(_ value: Double) -> String { String(format: "%.1fs", value) }

    public func text() -> String {
        var rows = [["SERVICE", "IMAGE", "TIME", "STEPS", "CACHED", "RESULT"]]
        for outcome in outcomes {
            let rate = outcome.progress.cacheHitRate.map { String(format: "%.0f%%", $0 * 100) } ?? "-"
            rows.append([
                outcome.job.label, outcome.job.tag, Self.seconds(outcome.seconds), "\(outcome.progress.instructions.count)", rate,
                outcome.succeeded ? "ok" : "FAILED",
            ])
        }
        var out = textTable(rows, rightAligned: [2, 3, 4]) + "\n"
        for (service, target) in skipped { out += "skipped \(service):\(target): its Dockerfile has no stage \(target)\n" }
        for outcome in failed {
            out += "\nerror: \(outcome.job.label) failed"
            if let step = outcome.progress.failedStep { out += " at \(step.name): \(step.error ?? "")" }
            out += "\n"
            for line in outcome.progress.tail.suffix(15) where !line.isEmpty { out += "  | \(line)\n" }
            if let hint = outcome.hint { out += "  hint: \(hint)\n" }
        }
        let total = outcomes.count
        out += "\n\(total - failed.count) of \(total) build(s) succeeded\n"
        // File names, labels and logs come from outside: no control character reaches the terminal.
        return terminalSafe(out)
    }

    /// A case per build (failed with its step, error and hint), and a skipped one per target the
    /// Dockerfile lacks: for JUnit, Markdown and GitHub annotations.
    var checkSuites: [CheckSuite] {
        var cases = outcomes.map { outcome -> CheckCase in
            guard !outcome.succeeded else {
                return CheckCase(group: project, name: outcome.job.label, outcome: .pass, seconds: outcome.seconds)
            }
            let step = outcome.progress.failedStep.map { " at \($0.name): \($0.error ?? "")" } ?? ""
            let detail =
                outcome.progress.tail.suffix(15).filter { !$0.isEmpty }.joined(separator: "\n")
                + (outcome.hint.map { "\nhint: \($0)" } ?? "")
            return CheckCase(
                group: project, name: outcome.job.label, outcome: .fail(message: "build failed\(step)", detail: detail),
                seconds: outcome.seconds)
        }
        cases += skipped.map {
            CheckCase(
                group: project, name: "\($0.service):\($0.target)",
                outcome: .skip(message: "its Dockerfile has no stage \($0.target)"))
        }
        return [CheckSuite(name: "stagecraft build \(project)", cases: cases, seconds: outcomes.reduce(0) { $0 + $1.seconds })]
    }

    public func junit() -> String { JUnit.render(name: "stagecraft build", suites: checkSuites) }

    public func markdown() -> String { MarkdownSummary.render(title: "stagecraft build \(project)", suites: checkSuites) }

    /// An error annotation per failed build, at its Dockerfile.
    public func github() -> String {
        GitHubAnnotations.render(
            failed.map { outcome in
                let step = outcome.progress.failedStep.map { " at \($0.name): \($0.error ?? "")" } ?? ""
                return Diagnostic(
                    severity: .error, code: "build",
                    message: "\(outcome.job.label) failed\(step)" + (outcome.hint.map { "; \($0)" } ?? ""),
                    file: outcome.job.dockerfile)
            }, titlePrefix: "stagecraft ")
    }

    struct Document: Encodable {
        struct Step: Encodable {
            var name: String
            var cached: Bool
            var seconds: Double?
            var error: String?
        }
        struct Build: Encodable {
            var service: String
            var target: String?
            var image: String
            var succeeded: Bool
            var seconds: Double
            var cacheHitRate: Double?
            var failedStep: String?
            var hint: String?
            var steps: [Step]
        }
        struct Skipped: Encodable {
            var service: String
            var target: String
        }
        var project: String
        var builds: [Build]
        var skipped: [Skipped]
    }

    public func json() -> String {
        let document = Document(
            project: project,
            builds: outcomes.map { outcome in
                Document.Build(
                    service: outcome.job.service, target: outcome.job.target, image: outcome.job.tag,
                    succeeded: outcome.succeeded,
                    seconds: (outcome.seconds * 1000).rounded() / 1000, cacheHitRate: outcome.progress.cacheHitRate,
                    failedStep: outcome.progress.failedStep?.name, hint: outcome.hint,
                    steps: outcome.progress.instructions.map {
                        .init(name: $0.name, cached: $0.cached, seconds: $0.seconds, error: $0.error)
                    })
            },
            skipped: skipped.map { .init(service: $0.service, target: $0.target) })
        return (try? prettyJSON(document)) ?? "{}"
    }

    /// Where `build` keeps its last report: `.stagecraft/build.json` in the project folder.
    public static func savedPath(projectDirectory: String) -> String {
        URL(fileURLWithPath: projectDirectory).appendingPathComponent(".stagecraft/build.json").path
    }

    /// One build of a saved report, as later commands read it.
    public struct SavedBuild: Decodable, Sendable {
        public var service: String
        public var target: String?
        public var image: String
        public var succeeded: Bool

        /// `service:target`, or the service alone.
        public var label: String { target.map { "\(service):\($0)" } ?? service }
    }

    public enum SavedReportError: Error, Sendable {
        case missing, unreadable
    }

    /// The builds of the report saved in `projectDirectory`.
    public static func loadSaved(projectDirectory: String) throws(SavedReportError) -> [SavedBuild] {
        struct Saved: Decodable { var builds: [SavedBuild] }
        guard let data = FileManager.default.contents(atPath: savedPath(projectDirectory: projectDirectory)) else {
            throw .missing
        }
        guard let saved = try? JSONDecoder().decode(Saved.self, from: data) else { throw .unreadable }
        return saved.builds
    }

    /// Writes the JSON to `path` atomically (a temporary file renamed over it).
    public func save(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((json() + "\n").utf8).write(to: url, options: .atomic)
    }
}
