import ArgumentParser
import Foundation
import StagecraftBuild
import StagecraftConfiguration
import StagecraftHistory
import StagecraftReporting

extension Stagecraft {
    /// `stagecraft ci`: the whole pipeline of a compose project in one command.
    struct CI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ci",
            abstract: "Lint, build every service and target, test, inspect, scan, gate and report: one command, one exit code.",
            discussion: """
                Runs in the folder of the compose file, in this order: lint (the project), build (every service at its
                compose target, or at ci.targets / --target), test (each built image, and the stack together with
                --integration unless ci.integration is false), inspect (each image against the inspect: thresholds),
                scan (each image for secrets, and for vulnerabilities when an advisory database or scan advisories are
                there), gate (the regression gates of gates: against each baseline) and report (.stagecraft/report.html).
                A failing step does not stop the others; each keeps its JSON output in .stagecraft/ci/.
                The Markdown summary is appended to $GITHUB_STEP_SUMMARY when it is set.
                Exit 0 when every step passed, 1 when one failed, 2 when one could not run (no engine, unusable input).
                """)

        enum Format: String, ExpressibleByArgument { case text, json, junit, github, markdown }

        @Argument(help: "The project folder (the compose file's).")
        var project: String = "."

        @Option(name: .shortAndLong, help: "The compose file, in the project folder (default: compose.yaml and friends).")
        var file: String?

        @Option(help: "Run only these steps (comma-separated: \(PipelineStep.names)).")
        var only: [String] = []

        @Option(help: "Skip these steps (comma-separated).")
        var skip: [String] = []

        @Option(help: "Targets to build for every service, comma-separated (default: ci.targets, else each compose target).")
        var target: String?

        @Option(help: "Build and start services of this profile too (repeatable).")
        var profile: [String] = []

        @Flag(help: "Record nothing in the history (the gate step then has nothing new to check).")
        var noHistory = false

        @Option(help: "Output: text, json, junit, github or markdown.")
        var format: Format = .text

        func run() throws {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: project, isDirectory: &isFolder), isFolder.boolValue else {
                throw CommandFailure("error: \(project): no such folder; name the folder of the compose file")
            }
            let folder = URL(fileURLWithPath: project).standardizedFileURL.path
            let configuration = try Settings.load(explicit: nil, folder: folder)
            let settings = configuration.ci
            let only = try PipelineStep.parse(self.only, option: "--only")
            let skipped = try PipelineStep.parse(self.skip + settings.skip, option: self.skip.isEmpty ? "ci.skip" : "--skip")
            let runner = PipelineRunner(
                folder: folder, file: file,
                targets: target ?? (settings.targets.isEmpty ? nil : settings.targets.joined(separator: ",")),
                profiles: profile, integration: settings.integration, noHistory: noHistory, configuration: configuration)
            var results: [StepResult] = []
            for step in PipelineStep.allCases {
                if (!only.isEmpty && !only.contains(step)) || skipped.contains(step) {
                    results.append(StepResult(step: step, status: .skipped, seconds: 0, summary: "not selected"))
                    continue
                }
                if [.test, .inspect, .scan].contains(step), results.contains(where: { $0.step == .build && $0.status == .error })
                {
                    // Old images would stand in for the ones this run should have built.
                    results.append(
                        StepResult(
                            step: step, status: .skipped, seconds: 0, summary: "nothing was built: the build step could not run"))
                    continue
                }
                Console.error("ci: \(step.rawValue)")
                let started = Date()
                var result = runner.run(step)
                result.seconds = Date().timeIntervalSince(started)
                Console.error(
                    "ci: \(step.rawValue) \(result.status.rawValue) (\(String(format: "%.1f s", result.seconds))): \(result.summary)"
                )
                results.append(result)
            }
            let report = PipelineReport(project: URL(fileURLWithPath: folder).lastPathComponent, results: results)
            if let summary = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty {
                runner.appendSummary(report.markdown(), to: summary)
            }
            switch format {
            case .text: Console.output(report.text())
            case .json: Console.output(try report.json())
            case .junit: Console.output(report.junit())
            case .github: Console.output(report.github())
            case .markdown: Console.output(report.markdown())
            }
            if report.exitCode != ExitStatus.success { throw CommandFailure("", exitCode: report.exitCode) }
        }
    }
}

/// Runs each step as stagecraft commands in the project folder and reads their JSON for a summary.
struct PipelineRunner {
    var folder: String
    var file: String?
    var targets: String?
    var profiles: [String]
    var integration: Bool
    var noHistory: Bool
    var configuration: ProjectConfiguration

    private var outputs: String { (folder as NSString).appendingPathComponent(".stagecraft/ci") }

    private func command(_ step: PipelineStep, _ arguments: [String], name: String? = nil) -> StepCommand {
        StepCommand(
            arguments: arguments, output: (outputs as NSString).appendingPathComponent("\(name ?? step.rawValue).json"))
    }

    private var composeArguments: [String] { file.map { ["--file", $0] } ?? [] }
    private var profileArguments: [String] { profiles.flatMap { ["--profile", $0] } }
    private var historyArguments: [String] { noHistory ? ["--no-history"] : [] }

    func run(_ step: PipelineStep) -> StepResult {
        switch step {
        case .lint:
            return single(step, command(step, ["lint", ".", "--format", "json"])) { json in
                let findings = json as? [[String: Any]] ?? []
                guard !findings.isEmpty else { return "no findings" }
                // Each rule once, with where it fired: `compose-target-missing at compose.yaml:4, compose.yaml:7`.
                var places: [(code: String, at: [String])] = []
                for finding in findings {
                    let code = finding["code"] as? String ?? "?"
                    let place = "\(finding["file"] as? String ?? "?"):\(finding["line"] as? Int ?? 0)"
                    if let index = places.firstIndex(where: { $0.code == code }) {
                        places[index].at.append(place)
                    } else {
                        places.append((code, [place]))
                    }
                }
                return "\(findings.count) finding(s): "
                    + places.map { "\($0.code) at \($0.at.joined(separator: ", "))" }.joined(separator: "; ")
            }
        case .build:
            let arguments =
                ["build", "--format", "json"] + composeArguments + profileArguments + historyArguments
                + (targets.map { ["--target", $0] } ?? [])
            return single(step, command(step, arguments)) { json in
                let builds = (json as? [String: Any])?["builds"] as? [[String: Any]] ?? []
                let failed = builds.filter { $0["succeeded"] as? Bool != true }.map { "\($0["service"] ?? "?")" }
                let rates = builds.compactMap { $0["cacheHitRate"] as? Double }
                var text = "\(builds.count - failed.count) of \(builds.count) built"
                if !rates.isEmpty {
                    text += String(format: ", cache hits %.0f%%", rates.reduce(0, +) / Double(rates.count) * 100)
                }
                return text + (failed.isEmpty ? "" : "; failed: " + failed.joined(separator: ", "))
            }
        case .test:
            // Every image built, alone; then the stack started together with its probes.
            func passed(_ json: Any?, _ noun: String) -> String {
                let images = (json as? [String: Any])?["images"] as? [[String: Any]] ?? []
                let failed = images.filter { $0["passed"] as? Bool != true }.map { "\($0["label"] ?? "?")" }
                return "\(images.count - failed.count) of \(images.count) \(noun) passed"
                    + (failed.isEmpty ? "" : " (failed: " + failed.joined(separator: ", ") + ")")
            }
            var result = single(step, command(step, ["test", "--format", "json"] + composeArguments + historyArguments)) {
                passed($0, "images")
            }
            guard integration else { return result }
            let stack = single(
                step,
                command(
                    step, ["test", "--integration", "--format", "json", "--no-history"] + composeArguments + profileArguments,
                    name: "test-integration")
            ) { passed($0, "services started together") }
            result.summary += "; " + stack.summary
            result.commands += stack.commands
            result.outputs += stack.outputs
            if stack.status == .error || (stack.status == .failed && result.status == .passed) { result.status = stack.status }
            return result
        case .inspect:
            return perImage(step) { image in
                ["inspect", image, "--ci", "--format", "json"] + historyArguments
            } summary: {
                image, json in
                let document = json as? [String: Any]
                let efficiency = (document?["efficiency"] as? Double).map { String(format: "%.1f%%", $0 * 100) } ?? "?"
                let passed = (document?["gate"] as? [String: Any])?["passed"] as? Bool ?? true
                return "\(image) efficiency \(efficiency)\(passed ? "" : " (below the thresholds)")"
            }
        case .scan:
            let scanners = hasAdvisories ? "vuln,secret" : "secret"
            var result = perImage(step) { image in
                ["scan", image, "--scanners", scanners, "--format", "json"] + historyArguments
            } summary: { image, json in
                let document = json as? [String: Any]
                let vulnerabilities = (document?["vulnerabilities"] as? [Any])?.count
                let secrets = (document?["secrets"] as? [Any])?.count ?? 0
                return "\(image) " + (vulnerabilities.map { "\($0) vulnerabilities, " } ?? "") + "\(secrets) secrets"
            }
            if !hasAdvisories && result.status != .skipped {
                result.summary += " (no advisory database: secrets only; stagecraft db import adds vulnerabilities)"
            }
            return result
        case .gate:
            guard hasHistory else { return Self.nothingRecorded(step) }
            return single(step, command(step, ["gate", "--format", "json"])) { json in
                let outcomes = json as? [[String: Any]] ?? []
                let crossed = outcomes.filter { $0["crossed"] as? Bool == true }.compactMap { $0["message"] as? String }
                if outcomes.isEmpty { return "no run with a baseline yet" }
                return crossed.isEmpty ? "\(outcomes.count) gate(s) held" : crossed.joined(separator: "; ")
            }
        case .report:
            guard hasHistory else { return Self.nothingRecorded(step) }
            let page = ".stagecraft/report.html"
            var result = single(step, command(step, ["report", "--output", page]), json: false) { _ in
                "written to \(page)"
            }
            result.outputs.append((folder as NSString).appendingPathComponent(page))
            return result
        }
    }

    /// Whether there is a history to read: a server, or a file that exists.
    private var hasHistory: Bool {
        let location = History.location(configuration)
        if HistoryStore.isServer(location) { return true }
        return FileManager.default.fileExists(
            atPath: location.hasPrefix("/") ? location : (folder as NSString).appendingPathComponent(location))
    }

    private static func nothingRecorded(_ step: PipelineStep) -> StepResult {
        StepResult(step: step, status: .skipped, seconds: 0, summary: "nothing recorded in the history yet")
    }

    /// Whether vulnerabilities can be matched: an imported advisory database is there.
    private var hasAdvisories: Bool {
        let database = configuration.scan.database
        let path = database.hasPrefix("/") ? database : (folder as NSString).appendingPathComponent(database)
        return FileManager.default.fileExists(atPath: path)
    }

    private func status(_ code: Int32) -> StepResult.Status {
        switch code {
        case ExitStatus.success: .passed
        case ExitStatus.findings: .failed
        default: .error
        }
    }

    /// One command; its JSON read for the summary.
    private func single(
        _ step: PipelineStep, _ command: StepCommand, json: Bool = true, summary: (Any?) -> String
    ) -> StepResult {
        let outcome = command.run(in: folder)
        let document = json ? try? JSONSerialization.jsonObject(with: outcome.output) : nil
        var text = summary(document)
        if outcome.status >= ExitStatus.usage {
            text = "could not run (exit \(outcome.status)): \(outcome.lastError ?? "see the messages above")"
        }
        return StepResult(
            step: step, status: status(outcome.status), seconds: 0, summary: text, commands: [command.display],
            outputs: [command.output])
    }

    /// One command per image of the last build.
    private func perImage(
        _ step: PipelineStep, _ arguments: (String) -> [String], summary: (String, Any?) -> String
    ) -> StepResult {
        let images: [String]
        do {
            images = try BuildReport.loadSaved(projectDirectory: composeFolder).filter(\.succeeded).map(\.image)
        } catch {
            return StepResult(step: step, status: .skipped, seconds: 0, summary: "no images: nothing was built")
        }
        guard !images.isEmpty else {
            return StepResult(step: step, status: .skipped, seconds: 0, summary: "no images: every build failed")
        }
        var result = StepResult(step: step, status: .passed, seconds: 0, summary: "")
        var lines: [String] = []
        for (index, image) in images.enumerated() {
            let run = command(step, arguments(image), name: "\(step.rawValue)-\(index + 1)")
            let ran = run.run(in: folder)
            let document = try? JSONSerialization.jsonObject(with: ran.output)
            let outcome = status(ran.status)
            lines.append(
                outcome == .error
                    ? "\(image) could not be read (exit \(ran.status)): \(ran.lastError ?? "")" : summary(image, document))
            if outcome == .error || (outcome == .failed && result.status == .passed) { result.status = outcome }
            result.commands.append(run.display)
            result.outputs.append(run.output)
        }
        result.summary = lines.joined(separator: "; ")
        return result
    }

    /// The folder `build` saves its report in: the compose file's.
    private var composeFolder: String {
        guard let file, file.contains("/") else { return folder }
        let path = file.hasPrefix("/") ? file : (folder as NSString).appendingPathComponent(file)
        return parentFolder(of: path)
    }

    /// Appends `markdown` to the step summary file GitHub Actions gives.
    func appendSummary(_ markdown: String, to path: String) {
        guard let handle = FileHandle(forWritingAtPath: path) ?? createdFile(path) else {
            Console.error("warning: \(path): the step summary cannot be written")
            return
        }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data((markdown + "\n").utf8))
    }

    private func createdFile(_ path: String) -> FileHandle? {
        FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil
    }
}
