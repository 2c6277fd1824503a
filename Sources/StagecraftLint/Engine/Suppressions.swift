import DockerfileSyntax

/// Inline suppressions in a Dockerfile:
/// - `# hadolint ignore=DL3008,DL3015` and `# stagecraft ignore=rule-id` on the line above an
///   instruction; `# hadolint global ignore=…` / `# stagecraft global ignore=…` anywhere;
///   `# hadolint stage ignore=…` directly above a FROM, for that stage.
/// - BuildKit's `# check=skip=Name,…` directive (`skip=all` for every BuildKit check) and
///   `error=true`, and the same comment above one instruction.
/// See https://github.com/hadolint/hadolint#inline-ignores and
/// https://docs.docker.com/reference/build-checks/#skip-checks
struct Suppressions {
    /// Names ignored for findings on a given line (the instruction's first line).
    private var byLine: [Int: Set<String>] = [:]
    /// Names ignored in a line range (a stage).
    private var byRange: [(ClosedRange<Int>, Set<String>)] = []
    /// Names ignored in the whole file.
    private var global: Set<String> = []
    /// BuildKit check names skipped by the `check` directive, or all of them.
    private var buildkitSkipped: Set<String> = []
    private var buildkitSkipAll = false
    /// Whether BuildKit checks count as errors (`check=error=true`).
    private(set) var buildkitErrors = false

    init(_ document: DockerfileDocument, honourInline: Bool) {
        if let directive = document.parsed.directive("check") {
            applyCheck(directive.value, line: nil)
        }
        // Most files have no pragma at all: skip the line scan unless one of the words occurs.
        guard Self.mayContainPragma(document.source) else { return }
        let stageStarts = document.stages.map(\.from.startLine)
        for node in document.parsed.nodes where node.startLine > 1 {
            let above = document.lineText(node.startLine - 1).trimmingCharacters(in: " \t")
            guard above.hasPrefix("#") else { continue }
            let comment = String(above.dropFirst()).trimmingCharacters(in: " \t")
            if comment.lowercased().hasPrefix("check=") {
                applyCheck(String(comment.dropFirst("check=".count)), line: node.startLine)
            }
            guard honourInline, let (scope, names) = Self.ignorePragma(comment) else { continue }
            switch scope {
            case "global": global.formUnion(names)
            case "stage":
                guard node.command == "from", let index = stageStarts.firstIndex(of: node.startLine) else { continue }
                let end = index + 1 < stageStarts.count ? stageStarts[index + 1] - 1 : Int.max
                byRange.append((node.startLine...end, names))
            default: byLine[node.startLine, default: []].formUnion(names)
            }
        }
        if honourInline {
            for line in 1...max(1, document.lineStarts.count) {
                let text = document.lineText(line).trimmingCharacters(in: " \t")
                guard text.hasPrefix("#") else { continue }
                if let (scope, names) = Self.ignorePragma(String(text.dropFirst()).trimmingCharacters(in: " \t")),
                    scope == "global"
                {
                    global.formUnion(names)
                }
            }
        }
    }

    static func mayContainPragma(_ source: [UInt8]) -> Bool {
        for word in ["hadolint", "stagecraft", "check="] where source.firstRange(of: Array(word.utf8)) != nil { return true }
        return false
    }

    private mutating func applyCheck(_ value: String, line: Int?) {
        let options = value.split(separator: " ").first.map(String.init) ?? value
        for part in options.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: " ") }
            guard pair.count == 2 else { continue }
            switch pair[0].lowercased() {
            case "skip":
                let names = Set(pair[1].split(separator: ",").map { String($0).trimmingCharacters(in: " ").lowercased() })
                if let line {
                    byLine[line, default: []].formUnion(names.contains("all") ? ["buildkit:all"] : names)
                } else if names.contains("all") {
                    buildkitSkipAll = true
                } else {
                    buildkitSkipped.formUnion(names)
                }
            case "error" where line == nil:
                buildkitErrors = ["true", "1", "t"].contains(pair[1].lowercased())
            default:
                continue
            }
        }
    }

    /// Parses `hadolint [global|stage] ignore=A,B` or `stagecraft [global|stage] ignore=a,b`.
    static func ignorePragma(_ comment: String) -> (scope: String, names: Set<String>)? {
        var words = comment.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let tool = words.first?.lowercased(), tool == "hadolint" || tool == "stagecraft" else { return nil }
        words.removeFirst()
        var scope = "line"
        if let first = words.first?.lowercased(), first == "global" || first == "stage" {
            scope = first
            words.removeFirst()
        }
        // Join `ignore = A, B` back together, stopping at a trailing `# reason`.
        var rest = words.joined(separator: " ")
        if let hash = rest.firstIndex(of: "#") { rest = String(rest[..<hash]) }
        let compact = rest.replacingOccurrences(of: " ", with: "")
        guard compact.lowercased().hasPrefix("ignore=") else { return nil }
        let names = compact.dropFirst("ignore=".count).split(separator: ",").map { $0.lowercased() }
        guard !names.isEmpty else { return nil }
        return (scope, Set(names))
    }

    /// Whether a finding of `description` at `line` is suppressed.
    func suppresses(_ description: RuleDescription, line: Int) -> Bool {
        let names = Set([description.id] + description.aliases.map { $0.code.lowercased() })
        if !global.isDisjoint(with: names) { return true }
        if let local = byLine[line] {
            if !local.isDisjoint(with: names) { return true }
            if local.contains("buildkit:all") && description.aliases.contains(where: { $0.tool == .buildkit }) { return true }
        }
        if byRange.contains(where: { $0.0.contains(line) && !$0.1.isDisjoint(with: names) }) { return true }
        let buildkitNames = description.aliases.filter { $0.tool == .buildkit }.map { $0.code.lowercased() }
        if !buildkitNames.isEmpty && (buildkitSkipAll || buildkitNames.contains(where: buildkitSkipped.contains)) { return true }
        return false
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
