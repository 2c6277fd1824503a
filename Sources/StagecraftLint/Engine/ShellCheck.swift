import DockerfileSyntax
import Foundation

/// ShellCheck on every shell-form RUN, as hadolint runs it, with the finding on the exact line
/// inside a multi-line RUN (hadolint reports the RUN's first line).
///
/// Each script is what the shell will run: `#!` and the stage's SHELL, an `export NAME=1` line
/// for each ARG and ENV set so far (so `$NAME` is not "unassigned"), then the RUN's own lines
/// as written, with comment and empty lines inside the instruction (which BuildKit drops) kept
/// as bare continuations so line numbers map back. The scripts of one Dockerfile go to one
/// `shellcheck` process. Codes are `SCxxxx`, suppressible with `# hadolint ignore=SC2086`.
public struct ShellCheck: Sendable {
    /// The `shellcheck` executable.
    public let executable: String

    /// The codes hadolint leaves out: ash-only syntax, and `source` of files ShellCheck cannot see.
    static let excluded = ["SC2187", "SC1090", "SC1091"]
    static let proxyVariables = [
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy",
        "ALL_PROXY", "all_proxy",
    ]

    /// ShellCheck from `PATH` (or `STAGECRAFT_SHELLCHECK`), if installed.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> ShellCheck? {
        if let explicit = environment["STAGECRAFT_SHELLCHECK"] {
            return FileManager.default.isExecutableFile(atPath: explicit) ? ShellCheck(executable: explicit) : nil
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init) + ["/usr/bin"]
        return folders.map { $0 + "/shellcheck" }.first { FileManager.default.isExecutableFile(atPath: $0) }.map {
            ShellCheck(executable: $0)
        }
    }

    /// One RUN ready for ShellCheck.
    struct Script {
        var node: Node
        var text: String
        /// Lines before the RUN's first line (shebang and exports).
        var preludeLines: Int
    }

    /// The scripts of a Dockerfile: shell-form RUNs (ONBUILD ones too) in a POSIX-like shell.
    static func scripts(_ document: DockerfileDocument) -> [Script] {
        var scripts: [Script] = []
        var finalShell: [Int: String] = [:]
        for stage in document.stages {
            // A stage built FROM another stage runs with that stage's SHELL.
            var shell = stage.parent.flatMap { finalShell[$0] } ?? "/bin/sh"
            defer { finalShell[stage.index] = shell }
            var variables = Set(proxyVariables)
            for entry in document.globalArgs.entries { variables.insert(entry.name) }
            for node in stage.instructions {
                switch node.command {
                case "shell":
                    shell = node.next.first?.value ?? shell
                case "arg", "env":
                    for word in node.next.map(\.value) {
                        let name = word.prefix { $0 != "=" }
                        if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                            variables.insert(String(name))
                        }
                    }
                case "run", "onbuild":
                    let run = node.command == "run" ? node : node.subcommand
                    guard let run, run.command == "run", !run.isJSON else { continue }
                    let lowered = shell.lowercased()
                    guard !["pwsh", "powershell", "cmd"].contains(where: { lowered.contains($0) }) else { continue }
                    var interpreter = shell
                    var body: [String]
                    if let heredoc = run.heredocs.first, run.heredocs.count == 1,
                        (run.next.first?.value ?? "").trimmingCharacters(in: .whitespaces).hasPrefix("<<")
                    {
                        // `RUN <<EOF` runs the heredoc as the script, its body from the next line;
                        // a shebang picks the interpreter, and only POSIX-like ones are checked.
                        body = heredoc.content.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                        if let first = body.first, first.hasPrefix("#!") {
                            guard
                                first.range(
                                    of: #"^#!\s*(/usr/bin/env\s+)?(/bin/)?(sh|bash|ksh|dash)\b"#, options: .regularExpression)
                                    != nil
                            else { continue }
                            interpreter = String(first.dropFirst(2)).trimmingCharacters(in: .whitespaces)
                            body[0] = ""
                        }
                        body.insert("", at: 0)
                    } else if run.heredocs.isEmpty {
                        body = runLines(document, node)
                    } else {
                        continue
                    }
                    let prelude = ["#!" + interpreter] + variables.sorted().map { "export \($0)=1" }
                    scripts.append(
                        Script(node: node, text: (prelude + body).joined(separator: "\n") + "\n", preludeLines: prelude.count))
                default:
                    continue
                }
            }
        }
        return scripts
    }

    /// The RUN's lines as written, its keyword and flags blanked so columns stay in place (flags
    /// may go on over continuation lines).
    static func runLines(_ document: DockerfileDocument, _ node: Node) -> [String] {
        var lines: [String] = []
        var keywords = node.command == "onbuild" ? 2 : 1
        var inPrefix = true
        for number in node.startLine...max(node.startLine, node.endLine) {
            var line = document.lineText(number)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if number != node.startLine && (trimmed.isEmpty || trimmed.hasPrefix("#")) {
                lines.append("\\")
                continue
            }
            if inPrefix {
                // Blank `RUN`, `ONBUILD RUN` and the `--flag` words before the command.
                var characters = Array(line)
                var index = 0
                func skipSpaces() {
                    while index < characters.count && (characters[index] == " " || characters[index] == "\t") { index += 1 }
                }
                skipSpaces()
                while index < characters.count {
                    let start = index
                    while index < characters.count && characters[index] != " " && characters[index] != "\t" { index += 1 }
                    let word = String(characters[start..<index])
                    if word == "\\" && index == characters.count { break }
                    if keywords > 0 || word.hasPrefix("--") {
                        keywords -= 1
                        for position in start..<index { characters[position] = " " }
                        skipSpaces()
                    } else {
                        inPrefix = false
                        break
                    }
                }
                line = String(characters)
            }
            lines.append(line)
        }
        return lines
    }

    struct Comment: Decodable {
        var file: String
        var line: Int
        var column: Int
        var level: String
        var code: Int
        var message: String
    }

    struct Output: Decodable {
        var comments: [Comment]
    }

    /// The findings for a Dockerfile; none when ShellCheck cannot run.
    func findings(_ document: DockerfileDocument, suppressions: Suppressions) -> [Finding] {
        let scripts = Self.scripts(document)
        guard !scripts.isEmpty else { return [] }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stagecraft-shellcheck-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil else { return [] }
        var paths: [String] = []
        for (index, script) in scripts.enumerated() {
            let path = folder.appendingPathComponent("run\(index).sh").path
            guard FileManager.default.createFile(atPath: path, contents: Data(script.text.utf8)) else { return [] }
            paths.append(path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--format=json1", "--exclude=" + Self.excluded.joined(separator: ",")] + paths
        let output = folder.appendingPathComponent("out.json")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        guard let handle = try? FileHandle(forWritingTo: output) else { return [] }
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [] }
        process.waitUntilExit()
        try? handle.close()
        guard let data = FileManager.default.contents(atPath: output.path),
            let decoded = try? JSONDecoder().decode(Output.self, from: data)
        else { return [] }
        var findings: [Finding] = []
        for comment in decoded.comments {
            guard let index = paths.firstIndex(of: comment.file) else { continue }
            let script = scripts[index]
            let line = script.node.startLine + max(0, comment.line - script.preludeLines - 1)
            let code = "SC\(comment.code)"
            let description = RuleDescription(
                id: code.lowercased(), aliases: [.hadolint(code)], severity: .info, category: .correctness, summary: "",
                rationale: "", examples: [])
            if suppressions.suppresses(description, line: script.node.startLine)
                || suppressions.suppresses(description, line: line)
            {
                continue
            }
            let severity: Severity =
                switch comment.level {
                case "error": .error
                case "warning": .warning
                case "style": .style
                default: .info
                }
            findings.append(
                Finding(
                    ruleID: code, severity: severity, message: comment.message + " (https://www.shellcheck.net/wiki/\(code))",
                    file: document.path, line: line, column: comment.column))
        }
        return findings
    }
}
