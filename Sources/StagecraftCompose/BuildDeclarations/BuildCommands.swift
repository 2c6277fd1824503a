import Foundation
import Yams

/// `docker build`, `docker buildx build` and `docker image build` (and `podman build`) commands
/// written in shell scripts, Makefiles and CI workflows, and GitHub's `docker/build-push-action`
/// steps: each one a ``BuildDeclaration`` with the context, `-f`, `--target`, `-t` and
/// `--build-arg` it passes. Words holding a variable (`$TAG`, `$(IMAGE)`) are kept as written.
public enum BuildCommands {
    /// Whether a file (path relative to the project) may hold build commands.
    public static func isScriptPath(_ relative: String) -> Bool {
        let name = (relative as NSString).lastPathComponent
        if name == "Makefile" || name == "makefile" || name == "GNUmakefile" || name.hasSuffix(".mk") { return true }
        if name.hasSuffix(".sh") || name.hasSuffix(".bash") || name == "justfile" || name == "Justfile" { return true }
        if name == ".gitlab-ci.yml" { return true }
        return relative.contains(".github/workflows/") && (name.hasSuffix(".yml") || name.hasSuffix(".yaml"))
    }

    /// The builds a file declares. Relative paths resolve against `workingDirectory`: the
    /// project root for CI workflows, the file's own folder otherwise.
    public static func declarations(in path: String, workingDirectory: String) -> [BuildDeclaration] {
        guard let text = TextFile.text(path, limit: 4 << 20) else { return [] }
        var result: [BuildDeclaration] = []
        let isYAML = path.hasSuffix(".yml") || path.hasSuffix(".yaml")
        for (line, logical) in logicalLines(text) where logical.contains("build") {
            for command in commands(isYAML ? shellPart(ofYAMLLine: logical) : logical) {
                guard var declaration = parse(command) else { continue }
                declaration.location = SourceLocation(file: path, line: line, keyPath: "")
                declaration.workingDirectory = workingDirectory
                result.append(declaration)
            }
        }
        if path.contains(".github/workflows/") {
            result += buildPushActions(text, path: path, workingDirectory: workingDirectory)
        }
        return result
    }

    /// The shell in a CI file's line: `- run: docker build …` and `script: docker build …` lose
    /// their YAML prefix; lines of a `run: |` block are shell already.
    static func shellPart(ofYAMLLine line: String) -> String {
        var rest = line.drop { $0 == " " || $0 == "\t" }
        if rest.hasPrefix("- ") { rest = rest.dropFirst(2).drop { $0 == " " } }
        for key in ["run:", "script:", "command:"] where rest.hasPrefix(key) {
            rest = rest.dropFirst(key.count).drop { $0 == " " }
        }
        return String(rest)
    }

    /// An image a script uses after building: pushes, runs, scans or retags.
    public struct ImageUse: Sendable, Equatable {
        public var location: SourceLocation
        /// `docker push`, `trivy image`…
        public var command: String
        public var image: String
    }

    /// Options of `docker run` that take a value (so the image is the first word after them).
    static let runValueOptions: Set<String> = [
        "-e", "--env", "-v", "--volume", "-p", "--publish", "--name", "-w", "--workdir", "-u", "--user", "--network",
        "--entrypoint", "-l", "--label", "--env-file", "--mount", "--platform", "-h", "--hostname", "--add-host",
        "--cpus", "-m", "--memory", "--restart", "--pull", "--cap-add", "--cap-drop", "--device", "--gpus", "--shm-size",
        "--tmpfs", "--ulimit", "--security-opt", "--log-driver", "--log-opt", "--stop-signal", "--health-cmd", "--link",
    ]

    /// The images a file's commands push, run, scan or retag (`docker push`, `docker run`,
    /// `docker tag SOURCE`, `docker scan`, `docker scout cves`, `trivy image`, `grype`, `syft`).
    public static func imageUses(in path: String) -> [ImageUse] {
        guard let text = TextFile.text(path, limit: 4 << 20) else { return [] }
        let isYAML = path.hasSuffix(".yml") || path.hasSuffix(".yaml")
        var uses: [ImageUse] = []
        for (line, logical) in logicalLines(text) {
            for words in commands(isYAML ? shellPart(ofYAMLLine: logical) : logical) {
                guard let (command, image) = imageUse(words) else { continue }
                uses.append(
                    ImageUse(location: SourceLocation(file: path, line: line, keyPath: ""), command: command, image: image))
            }
        }
        return uses
    }

    static func imageUse(_ words: [String]) -> (String, String)? {
        var words = words[...]
        while let first = words.first, first == "sudo" || first.contains("=") && !first.hasPrefix("-") { words.removeFirst() }
        guard let tool = words.popFirst().map({ ($0 as NSString).lastPathComponent }) else { return nil }
        func firstPositional(_ rest: ArraySlice<String>, valueOptions: Set<String> = []) -> String? {
            var rest = rest
            while let word = rest.popFirst() {
                if word.hasPrefix("-") {
                    if !word.contains("="), valueOptions.contains(word) { _ = rest.popFirst() }
                    continue
                }
                return word
            }
            return nil
        }
        switch tool {
        case "docker", "podman":
            if words.first == "image" || words.first == "container" { words.removeFirst() }
            guard let sub = words.popFirst() else { return nil }
            switch sub {
            case "push", "scan": return firstPositional(words).map { ("\(tool) \(sub)", $0) }
            case "run": return firstPositional(words, valueOptions: runValueOptions).map { ("\(tool) run", $0) }
            case "tag": return firstPositional(words).map { ("\(tool) tag", $0) }
            case "scout":
                guard words.first == "cves" || words.first == "quickview" else { return nil }
                return firstPositional(words.dropFirst()).map { ("docker scout", $0) }
            default: return nil
            }
        case "trivy":
            guard words.first == "image" || words.first == "i" else { return nil }
            return firstPositional(
                words.dropFirst(), valueOptions: ["-f", "--format", "-o", "--output", "--severity", "-s", "--exit-code"]
            ).map {
                ("trivy image", $0)
            }
        case "grype", "syft":
            return firstPositional(words, valueOptions: ["-o", "--output", "--file", "-f", "--fail-on", "--scope", "-s"]).map {
                (tool, $0)
            }
        default:
            return nil
        }
    }

    /// Lines with backslash continuations joined, each with the number of its first line.
    static func logicalLines(_ text: String) -> [(Int, String)] {
        var result: [(Int, String)] = []
        var current = ""
        var start = 1
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if current.isEmpty { start = index + 1 }
            if line.hasSuffix("\\") {
                current += line.dropLast() + " "
                continue
            }
            current += line
            result.append((start, current))
            current = ""
        }
        if !current.isEmpty { result.append((start, current)) }
        return result
    }

    /// The simple commands of a line, as words with quotes removed: split at `;`, `&&`, `||`,
    /// `|` and `(`/`)` outside quotes; a `#` comment ends the line.
    static func commands(_ line: String) -> [[String]] {
        var commands: [[String]] = []
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        /// After a redirection (`< file`, `2>&1`), the next word is its target, not an argument.
        var dropNextWord = false
        /// Inside `$(…)` (a command substitution, or a make variable), nothing splits.
        var substitution = 0
        func endWord() {
            if inWord {
                if dropNextWord { dropNextWord = false } else { words.append(word) }
            }
            word = ""
            inWord = false
        }
        func endCommand() {
            endWord()
            if !words.isEmpty { commands.append(words) }
            words = []
        }
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"", let next = characters.first, "\"\\$`".contains(next) {
                    word.append(characters.removeFirst())
                } else {
                    word.append(character)
                }
                continue
            }
            switch character {
            case "\"", "'":
                quote = character
                inWord = true
            case " ", "\t":
                if substitution > 0 { word.append(character) } else { endWord() }
            case "<" where substitution == 0, ">" where substitution == 0:
                // `2>` names a descriptor, not a word of the command.
                if inWord && word.allSatisfy(\.isNumber) {
                    word = ""
                    inWord = false
                }
                endWord()
                if characters.first == ">" || characters.first == "&" { characters.removeFirst() }
                dropNextWord = true
            case ";", "&", "|", "(", ")", "`":
                // `$(` stays inside the word it starts, up to its `)`.
                if character == "(" && word.hasSuffix("$") {
                    word.append(character)
                    substitution += 1
                    continue
                }
                if substitution > 0 {
                    word.append(character)
                    if character == ")" { substitution -= 1 }
                    continue
                }
                dropNextWord = false
                endCommand()
            case "#" where !inWord:
                endCommand()
                return commands
            case "\\":
                if let next = characters.popFirst() { word.append(next) }
                inWord = true
            default:
                word.append(character)
                inWord = true
            }
        }
        endCommand()
        return commands
    }

    /// Options of `docker build` and `docker buildx build` that take a value.
    static let valueOptions: Set<String> = [
        "-f", "--file", "-t", "--tag", "--target", "--build-arg", "--platform", "--label", "--cache-from", "--cache-to",
        "-o", "--output", "--secret", "--ssh", "--network", "--progress", "--iidfile", "--metadata-file",
        "--build-context", "--add-host", "--shm-size", "--ulimit", "--builder", "--attest", "--allow", "--annotation",
        "--call", "--cgroup-parent", "--isolation", "-m", "--memory", "--memory-swap", "--cpu-shares", "-c",
        "--cpuset-cpus", "--cpuset-mems", "--cpu-period", "--cpu-quota", "--security-opt", "--policy", "--secret-env",
    ]

    /// A build command's declaration, or nil when the words are not one.
    static func parse(_ words: [String]) -> BuildDeclaration? {
        var words = words[...]
        while let first = words.first,
            first == "sudo" || first == "exec" || first == "time" || first.contains("=") && !first.hasPrefix("-")
        {
            words.removeFirst()
        }
        guard let tool = words.first.map({ ($0 as NSString).lastPathComponent }), tool == "docker" || tool == "podman" else {
            return nil
        }
        words.removeFirst()
        // Global options before the subcommand (`docker --context x build`).
        while let first = words.first, first.hasPrefix("-") {
            words.removeFirst()
            if !first.contains("="), ["--context", "-c", "--host", "-H", "--config", "--log-level", "-l"].contains(first) {
                _ = words.popFirst()
            }
        }
        if words.first == "buildx" || words.first == "image" { words.removeFirst() }
        guard words.first == "build" else { return nil }
        words.removeFirst()
        var declaration = BuildDeclaration(
            location: SourceLocation(file: "", line: 1, keyPath: ""), workingDirectory: ".", context: "", dockerfile: nil,
            target: nil, origin: "docker build")
        var positional: [String] = []
        while let word = words.popFirst() {
            guard word.hasPrefix("-"), word != "-" else {
                positional.append(word)
                continue
            }
            var name = word
            var value: String?
            if let equals = word.firstIndex(of: "="), word.hasPrefix("--") {
                name = String(word[..<equals])
                value = String(word[word.index(after: equals)...])
            } else if valueOptions.contains(word) {
                value = words.popFirst()
            } else if word.count > 2, !word.hasPrefix("--"), valueOptions.contains(String(word.prefix(2))) {
                // `-tname:tag`, `-fDockerfile`.
                name = String(word.prefix(2))
                value = String(word.dropFirst(2))
            }
            guard let value else { continue }
            switch name {
            case "-f", "--file": declaration.dockerfile = value
            case "--target": declaration.target = value
            case "-t", "--tag": declaration.tags.append(value)
            case "--build-context":
                let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { declaration.namedContexts[parts[0]] = parts[1] }
            case "--build-arg":
                let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
                if let key = parts.first { declaration.args[key] = parts.count > 1 ? parts[1] : "" }
            default: continue
            }
        }
        // Exactly one context; several positional words means something we do not understand.
        guard positional.count == 1 else { return nil }
        declaration.context = positional[0]
        return declaration
    }

    /// `uses: docker/build-push-action@…` steps: `with.context` (the repository when absent),
    /// `with.file`, `with.target` and `with.tags`.
    static func buildPushActions(_ text: String, path: String, workingDirectory: String) -> [BuildDeclaration] {
        guard let root = try? Yams.compose(yaml: text), let jobs = root.mapping?["jobs"]?.mapping else { return [] }
        var result: [BuildDeclaration] = []
        for (_, job) in jobs {
            // `actions/checkout` with `path: release` puts the repository under release/.
            var checkout: String?
            for step in job.mapping?["steps"]?.sequence ?? [] {
                let uses = step.mapping?["uses"]
                if uses?.string?.hasPrefix("actions/checkout") == true {
                    checkout = step.mapping?["with"]?.mapping?["path"]?.string.map { cleanPath($0) }
                    continue
                }
                guard let uses, uses.string?.hasPrefix("docker/build-push-action") == true else { continue }
                let with = step.mapping?["with"]?.mapping
                func inRepository(_ value: String?) -> String? {
                    guard let value, let checkout, checkout != "." else { return value }
                    let cleaned = cleanPath(value)
                    if cleaned == checkout { return "." }
                    return cleaned.hasPrefix(checkout + "/") ? String(cleaned.dropFirst(checkout.count + 1)) : value
                }
                var declaration = BuildDeclaration(
                    location: SourceLocation(file: path, line: (uses.mark?.line ?? 1), keyPath: ""),
                    workingDirectory: workingDirectory, context: inRepository(with?["context"]?.string) ?? ".",
                    dockerfile: inRepository(with?["file"]?.string), target: with?["target"]?.string,
                    origin: "docker/build-push-action")
                if let tags = with?["tags"]?.string {
                    declaration.tags = tags.split(whereSeparator: { $0 == "\n" || $0 == "," }).map {
                        $0.trimmingCharacters(in: .whitespaces)
                    }.filter { !$0.isEmpty }
                }
                if declaration.context.contains("${{") { declaration.context = "$" + declaration.context }
                result.append(declaration)
            }
        }
        return result
    }
}
