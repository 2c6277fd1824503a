import DockerfileSyntax
import Foundation

// Helpers that rules in more than one category folder use.

/// The name an ARG word declares: `NAME` of `NAME=default`.
func argName(_ word: String) -> String {
    word.firstIndex(of: "=").map { String(word[..<$0]) } ?? word
}

/// The image a stage's FROM pulls, or nil for scratch and stage references.
func pulledImage(_ stage: LintStage) -> String? {
    if stage.parent != nil { return nil }
    let image = stage.expandedBase
    if image.isEmpty || image == "scratch" { return nil }
    return image
}

/// Packages of an `apk add`, without flags and the values of `-t/--virtual`, `-X/--repository`.
func apkPackages(_ command: ShellScript.Command) -> [String] {
    guard let arguments = command.arguments(after: "add") else { return [] }
    var packages: [String] = []
    var skipNext = false
    for argument in arguments {
        if skipNext {
            skipNext = false
            continue
        }
        if ["-t", "--virtual", "-X", "--repository"].contains(argument) {
            skipNext = true
            continue
        }
        if !argument.hasPrefix("-") { packages.append(argument) }
    }
    return packages
}

/// Packages of an `apt-get install`: non-flag words except `install` and the value of `-t`.
func aptPackages(_ command: ShellScript.Command) -> [String] {
    var packages: [String] = []
    var skipNext = false
    for argument in command.arguments {
        if skipNext {
            skipNext = false
            continue
        }
        if argument == "-t" || argument == "--target-release" {
            skipNext = true
            continue
        }
        if argument.hasPrefix("-") || argument == "install" { continue }
        packages.append(argument)
    }
    return packages
}

/// `pip install` calls: `pip`, `pip3`, `pip3.x`, and `python -m pip`.
func pipInstalls(_ script: ShellScript) -> [ShellScript.Command] {
    script.commands.compactMap { command in
        var arguments = command.arguments
        if command.name.hasPrefix("python"), arguments.starts(with: ["-m", "pip"]) {
            arguments.removeFirst(2)
        } else if !(command.name == "pip" || command.name.hasPrefix("pip3")) {
            return nil
        }
        guard arguments.first == "install" else { return nil }
        return ShellScript.Command(
            name: "pip", arguments: Array(arguments.dropFirst()), assignments: command.assignments, terminator: nil)
    }
}

/// What makes a health check unable to report a failure, or nil.
func healthcheckNeverFails(_ command: String) -> String? {
    let text = command.trimmingCharacters(in: .whitespaces)
    let script = ShellScript(text)
    guard let last = script.commands.last else { return nil }
    let words = [last.name] + last.arguments
    if ["true", ":"].contains(last.name) || words == ["exit", "0"] {
        return script.commands.count == 1
            ? "it only runs \(words.joined(separator: " "))" : "it ends with || \(words.joined(separator: " "))"
    }
    if script.commands.count == 1 && last.name == "echo" { return "it only prints" }
    if last.name.hasPrefix("python"), let code = last.arguments.last,
        code.replacingOccurrences(of: " ", with: "").contains("exit(0)") && !code.contains("if") && !code.contains("try")
    {
        return "its Python code always exits 0"
    }
    return nil
}

extension RuleContext {
    /// The stage and its ancestors (FROM <stage>), nearest first.
    func lineage(of stage: LintStage) -> [LintStage] {
        var chain = [stage]
        var current = stage
        while let parent = current.parent, parent < current.index {
            current = document.stages[parent]
            chain.append(current)
        }
        return chain
    }

    /// Stages whose leftovers end up in an image, as hadolint's cleanup rules decide it: a stage
    /// whose FROM line equals a target's FROM line (image, tag, alias and platform), or whose
    /// name some FROM line builds on.
    static func shippedStages(_ stages: [LintStage], targets: [Int]) -> Set<Int> {
        func signature(_ stage: LintStage) -> [String] { stage.from.next.map(\.value) + [stage.platform ?? ""] }
        let targetSignatures = targets.filter(stages.indices.contains).map { signature(stages[$0]) }
        let baseNames = Set(stages.map { ImageReference($0.base).repository })
        return Set(
            stages.filter { stage in
                targetSignatures.contains(signature(stage)) || (stage.writtenName.map(baseNames.contains) ?? false)
            }.map(\.index))
    }
}

/// Paths written in a Dockerfile or a script, split by hand: Foundation's path functions trap on
/// some text a Dockerfile can hold (a fuzzing finding), so rules never hand them such text.
enum PathText {
    /// The last component: `a/b/c.txt` -> `c.txt`, `a/b/` -> `b`, `/` -> ``.
    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? ""
    }

    /// The path without its last component: `a/b/c` -> `a/b`, `c` -> ``, `/c` -> `/`.
    static func parent(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    /// The last component without its extension: `req/test.txt` -> `test`; `.env` stays `.env`.
    static func stem(_ path: String) -> String {
        let last = lastComponent(path)
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return last }
        return String(last[..<dot])
    }
}
