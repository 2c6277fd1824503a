import ContainerEngine
import Foundation

/// Command tests, as container-structure-test's docker driver runs them: setup steps each run in a
/// container of the image so far and are committed to a new image, the test command runs in a
/// fresh container of the last one, `containerRunOptions` become `docker run` flags. Teardown
/// steps are skipped, as CST's docker driver skips them (every test has containers of its own).
extension StructureTests {
    func command(
        _ test: StructureTestConfig.CommandTest, image: String, env: [String], variables: [String: String],
        options: StructureTestConfig.ContainerRunOptions?
    ) -> CheckResult {
        let expand = { (text: String) in Self.expand(text) { variables[$0] ?? "" } }
        let name = "Command Test: \(test.name)"
        let start = Date()
        // A test's own variables go in as written (CST expands only the global ones).
        let environment = env + (test.envVars ?? []).map { "\($0.key)=\($0.value ?? "")" }
        let labels = janitor.labels
        var current = image
        var committed: [String] = []
        defer { if !committed.isEmpty { _ = client.capture(["rmi", "-f"] + committed.reversed()) } }
        var notes: [String] = []
        for (index, step) in (test.setup ?? []).enumerated() where !step.isEmpty {
            switch setup(step.map(expand), on: current, environment: environment, options: options, labels: labels) {
            case .failure(let error): return failure(name, "error in setup step \(index + 1): \(error.description)")
            case .success(let (made, status)):
                committed.append(made)
                current = made
                // CST goes on after a step that exits non-zero; say so rather than hide it.
                if status != 0 { notes.append("setup step \(index + 1) exited \(status)") }
            }
        }
        var arguments = ["run", "--rm"] + janitor.labelArguments + ["--entrypoint", ""]
        arguments += Self.runFlags(options, forSetup: false)
        for variable in environment { arguments += ["-e", variable] }
        arguments += [current, expand(test.command)] + (test.args ?? []).map(expand)
        let output = client.capture(arguments)
        var errors: [String] = []
        let expected = Int32(test.exitCode ?? 0)
        if output.status != expected { errors.append("exit code \(output.status), expected \(expected)") }
        let stdout = output.text
        for pattern in test.expectedOutput ?? [] where !Self.matches(pattern, stdout) {
            errors.append("expected output \(pattern) not found")
        }
        for pattern in test.excludedOutput ?? [] where Self.matches(pattern, stdout) {
            errors.append("excluded output \(pattern) found")
        }
        for pattern in test.expectedError ?? [] where !Self.matches(pattern, output.stderr) {
            errors.append("expected error \(pattern) not found")
        }
        for pattern in test.excludedError ?? [] where Self.matches(pattern, output.stderr) {
            errors.append("excluded error \(pattern) found")
        }
        for (stream, dropped) in [("output", output.stdoutDropped), ("error output", output.stderrDropped)] where dropped > 0 {
            notes.append(
                "the command wrote \(dropped + DockerClient.Captured.keep) bytes of \(stream); the first \(dropped) were dropped and the patterns checked against the last \(DockerClient.Captured.keep >> 20) MiB"
            )
        }
        let seconds = Date().timeIntervalSince(start)
        let noted = notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")
        if errors.isEmpty {
            return CheckResult(name: name, status: .pass, detail: "exit \(output.status)" + noted, seconds: seconds)
        }
        let shown = stdout.trimmingCharacters(in: .whitespacesAndNewlines).suffix(300)
        return CheckResult(
            name: name, status: .fail,
            detail: errors.joined(separator: "; ") + (shown.isEmpty ? "" : "; stdout: \(shown)") + noted, seconds: seconds)
    }

    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs one setup step in a container of `image` and commits it (labelled with the run, so an
    /// interrupted run removes it too); the new image and the step's exit status.
    func setup(
        _ step: [String], on image: String, environment: [String], options: StructureTestConfig.ContainerRunOptions?,
        labels: [String: String]
    ) -> Result<(image: String, status: Int32), SetupError> {
        let container = janitor.containerName(for: "setup")
        defer { _ = client.capture(["rm", "-f", container]) }
        var arguments = ["run", "--name", container] + ContainerJanitor.labelArguments(labels) + ["--entrypoint", ""]
        arguments += Self.runFlags(options, forSetup: true)
        for variable in environment { arguments += ["-e", variable] }
        let ran = client.capture(arguments + [image] + step)
        // A container that could not be made or started is an error; a step that ran and
        // exited non-zero is not (CST ignores its status).
        let state = client.capture(["inspect", "--format", "{{.State.Error}}", container])
        let startError = state.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard state.status == 0, startError.isEmpty else {
            let reason = startError.isEmpty ? ran.stderr : startError
            return .failure(SetupError(description: reason.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let commit = client.capture(["commit", "--change", "LABEL " + ContainerJanitor.labelInstruction(labels), container])
        let made = commit.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard commit.status == 0, !made.isEmpty else {
            return .failure(SetupError(description: "docker commit failed: \(commit.stderr)"))
        }
        return .success((made, ran.status))
    }

    /// `containerRunOptions` as `docker run` flags. Setup containers get what CST's docker
    /// driver gives them: the user, privileges, capabilities and mounts, but not the variables
    /// taken from stagecraft's environment or the env file.
    static func runFlags(
        _ options: StructureTestConfig.ContainerRunOptions?, forSetup: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [String] {
        guard let options else { return [] }
        var flags: [String] = []
        if let user = options.user, !user.isEmpty { flags += ["--user", user] }
        if options.privileged == true { flags.append("--privileged") }
        for capability in options.capabilities ?? [] { flags += ["--cap-add", capability] }
        for mount in options.bindMounts ?? [] { flags += ["--volume", mount] }
        if forSetup { return flags }
        if options.allocateTty == true { flags.append("--tty") }
        if let file = options.envFile, !file.isEmpty { flags += ["--env-file", file] }
        for name in options.envVars ?? [] {
            // CST passes an unset variable as an empty entry, which the engine refuses; leave it out.
            if let value = environment[name], !value.isEmpty { flags += ["-e", "\(name)=\(value)"] }
        }
        return flags
    }
}
