import Foundation
import StagecraftBuild

/// Shows builds as they run: on a terminal, one line per build redrawn in place (step count,
/// cached steps, the step running now); elsewhere (CI, pipes) one plain line per finished step.
final class BuildProgressDisplay: @unchecked Sendable {
    private struct Row {
        var label: String
        var current = "waiting"
        var done = 0
        var cached = 0
        var failed = false
    }

    private let live: Bool
    private var rows: [Row]
    private var index: [String: Int] = [:]
    private var drawn = 0
    private let start = Date()

    init(jobs: [BuildJob], environment: [String: String] = ProcessInfo.processInfo.environment) {
        let inCI = environment["CI"].map { !$0.isEmpty && $0 != "false" } ?? false
        live = isatty(2) == 1 && !inCI && environment["TERM"] != "dumb"
        rows = jobs.map { Row(label: $0.label) }
        for (position, job) in jobs.enumerated() { index[job.label] = position }
    }

    /// Called by the runner, one call at a time.
    func handle(_ job: BuildJob, _ event: BuildProgress.Event) {
        guard let position = index[job.label] else { return }
        switch event {
        case .started(let step) where step.isInstruction:
            rows[position].current = step.name
        case .finished(let step) where step.isInstruction:
            rows[position].done += 1
            if step.cached { rows[position].cached += 1 }
            if step.error != nil { rows[position].failed = true }
            if !live {
                let status =
                    step.error != nil
                    ? "ERROR" : step.cached ? "CACHED" : step.seconds.map { String(format: "%.1fs", $0) } ?? "done"
                Console.error("[\(job.label)] \(step.name) ... \(status)")
            }
        default: return
        }
        if live { redraw() }
    }

    /// Leaves the final state on screen.
    func finish(_ outcomes: [BuildOutcome]) {
        guard live else { return }
        for outcome in outcomes {
            guard let position = index[outcome.job.label] else { continue }
            rows[position].current = outcome.succeeded ? String(format: "done in %.1fs", outcome.seconds) : "FAILED"
            rows[position].failed = !outcome.succeeded
        }
        redraw()
    }

    private func redraw() {
        var text = drawn > 0 ? "\u{1B}[\(drawn)A" : ""
        let width = (rows.map(\.label.count).max() ?? 0) + 2
        let elapsed = String(format: "%.1fs", Date().timeIntervalSince(start))
        for row in rows {
            let label = row.label + String(repeating: " ", count: max(1, width - row.label.count))
            let counts = "\(row.done) steps, \(row.cached) cached"
            var current = row.current.replacingOccurrences(of: "\n", with: " ")
            if current.count > 60 { current = String(current.prefix(57)) + "..." }
            let mark = row.failed ? "✗" : "•"
            text += "\u{1B}[2K\(mark) \(label)\(counts)  \(current)\n"
        }
        text += "\u{1B}[2K  \(elapsed)\n"
        drawn = rows.count + 1
        FileHandle.standardError.write(Data(text.utf8))
    }
}
