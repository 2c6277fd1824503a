import Foundation
import StagecraftConfiguration
import StagecraftImage
import StagecraftReporting

/// A secret in an image, where it is, and what put it there.
public struct SecretFinding: Sendable, Equatable {
    public enum Place: Sendable, Equatable {
        /// A file of a layer. `hiddenBy` is the later layer that deleted or replaced it: the
        /// file is gone from the container's file system but still in the image.
        case file(path: String, layer: Int, hiddenBy: Int?)
        /// An `Env` entry of the image config.
        case environment(name: String)
        /// A label of the image config.
        case label(name: String)
        /// An entry of the image history (`created_by`: a build argument or a command).
        case history(step: Int)
    }

    public var match: SecretMatch
    public var place: Place
    /// The layer the secret is in, when it is in one.
    public var layer: Int?
    /// The instruction that made that layer or history entry.
    public var instruction: String

    /// The place as a reader sees it: `/app/.env:3`, `ENV API_TOKEN`, `history 4`.
    public var location: String {
        switch place {
        case .file(let path, _, _): "/\(path):\(match.line)"
        case .environment(let name): "ENV \(name)"
        case .label(let name): "LABEL \(name)"
        case .history(let step): "history \(step + 1)"
        }
    }

    /// The place as an allow rule's `path` names it.
    var allowPath: String {
        switch place {
        case .file(let path, _, _): path
        case .environment(let name): "env:\(name)"
        case .label(let name): "label:\(name)"
        case .history: "history"
        }
    }

    func isAllowed(by rule: SecretAllowSettings) -> Bool {
        guard rule.rule.map({ $0 == match.rule }) ?? true else { return false }
        guard let pattern = rule.path else { return true }
        return fnmatch(pattern, allowPath, 0) == 0 || fnmatch(pattern, "/" + allowPath, 0) == 0
    }
}

/// The secrets of an image: in its layers' files (each layer, so a file a later layer deleted
/// still counts), its config's `Env` and labels, and its history, where BuildKit records the
/// build arguments a `RUN` saw. Read the image with ``SecretScanner/capture`` (with
/// ``FileCapture/either(_:_:)`` to catalog packages in the same read).
public enum SecretScan {
    /// The findings, and those the allow list accepts (with its reason).
    public static func run(_ image: Image, scanner: SecretScanner) -> (
        findings: [SecretFinding], allowed: [(finding: SecretFinding, reason: String)]
    ) {
        var findings: [SecretFinding] = []
        let instructions = image.layers.map { redactedInstruction($0.createdBy, scanner: scanner) }
        for (index, layer) in image.layers.enumerated() {
            for (path, bytes) in layer.captured.sorted(by: { $0.key < $1.key })
            where scanner.settings.maxFileSize.map({ bytes.count <= $0 }) ?? false && scanner.reads(path) {
                let hiddenBy = laterLayer(hiding: path, above: index, in: image)
                for match in scanner.matches(in: bytes) {
                    findings.append(
                        SecretFinding(
                            match: match, place: .file(path: path, layer: index, hiddenBy: hiddenBy), layer: index,
                            instruction: instructions[index]))
                }
            }
        }
        // The same bytes in two layers (a copy, a chmod) are one finding, at the lower layer.
        var seenFiles: Set<String> = []
        findings = findings.filter { finding in
            guard case .file(let path, _, _) = finding.place else { return true }
            return seenFiles.insert("\(path)\u{0}\(finding.match.line)\u{0}\(finding.match.rule)\u{0}\(finding.match.excerpt)")
                .inserted
        }

        let config = image.configuration.config
        for entry in config?.Env ?? [] {
            let (name, value) = split(entry)
            findings += variableFindings(name: name, value: value, scanner: scanner).map {
                SecretFinding(match: $0, place: .environment(name: name), layer: nil, instruction: "ENV \(name)")
            }
        }
        for (name, value) in (config?.Labels ?? [:]).sorted(by: { $0.key < $1.key }) {
            findings += variableFindings(name: name, value: value, scanner: scanner).map {
                SecretFinding(match: $0, place: .label(name: name), layer: nil, instruction: "LABEL \(name)")
            }
        }
        findings += historyFindings(image, scanner: scanner)

        var reported: [SecretFinding] = []
        var allowed: [(SecretFinding, String)] = []
        for finding in findings {
            if let rule = scanner.settings.allow.first(where: finding.isAllowed) {
                allowed.append((finding, rule.reason))
            } else {
                reported.append(finding)
            }
        }
        return (reported, allowed)
    }

    /// The first layer above `layer` that deletes or replaces `path` (itself, or a folder above it).
    static func laterLayer(hiding path: String, above layer: Int, in image: Image) -> Int? {
        for index in image.layers.indices where index > layer {
            for entry in image.layers[index].entries {
                if entry.path == path
                    || ((entry.isWhiteout || entry.isOpaque || entry.kind != .directory) && path.hasPrefix(entry.path + "/"))
                {
                    return index
                }
            }
        }
        return nil
    }

    static func split(_ assignment: String) -> (String, String) {
        guard let equals = assignment.firstIndex(of: "=") else { return (assignment, "") }
        return (String(assignment[..<equals]), String(assignment[assignment.index(after: equals)...]))
    }

    /// A variable's secrets: what the rules find in its value, else the value itself when the
    /// name says it holds a secret (BuildKit's rule for `ARG` and `ENV` names) and the value
    /// reads as one.
    static func variableFindings(name: String, value: String, scanner: SecretScanner) -> [SecretMatch] {
        let found = scanner.matches(in: value).map { match in
            var match = match
            match.excerpt = "\(name)=" + match.excerpt
            return match
        }
        if !found.isEmpty { return found }
        guard !scanner.settings.disable.contains(variableRule.id), isSecretVariable(name: name, value: value) else { return [] }
        return [
            SecretMatch(
                rule: variableRule.id, title: variableRule.title, category: variableRule.category,
                severity: variableRule.severity, line: 1, excerpt: "\(name)=*****")
        ]
    }

    static let variableRule = (
        id: "secret-variable", title: "Secret in a variable baked into the image", category: "Password",
        severity: FindingSeverity.high
    )

    static func isSecretVariable(name: String, value: String) -> Bool {
        let upper = name.uppercased()
        // GPG_KEY and the like name a public key's fingerprint (the python images set GPG_KEY).
        guard Redaction.isSecretName(name), !upper.contains("GPG"), !upper.contains("FINGERPRINT") else { return false }
        return value.count >= 6 && !SecretRule.isPlaceholder(value) && !value.hasPrefix("/")
    }

    /// Secrets in the history: build arguments BuildKit records before a `RUN`'s command
    /// (`RUN |2 TOKEN=… OTHER=… /bin/sh -c …`), `ARG NAME=default`, and what the rules find in
    /// each entry's text. `ENV` entries are left to the config, which holds the same values.
    static func historyFindings(_ image: Image, scanner: SecretScanner) -> [SecretFinding] {
        var findings: [SecretFinding] = []
        var layer = 0
        for (step, entry) in (image.configuration.history ?? []).enumerated() {
            let text = entry.created_by ?? ""
            let isEmpty = entry.empty_layer ?? false
            defer { if !isEmpty { layer += 1 } }
            if text.hasPrefix("ENV ") || text.contains("#(nop)  ENV ") { continue }
            var variableValues: [String] = []
            var matches: [SecretMatch] = []
            for (name, value) in buildArguments(text) {
                for match in variableFindings(name: name, value: value, scanner: scanner) {
                    variableValues.append(value)
                    matches.append(match)
                }
            }
            for match in scanner.matches(in: text) where !matches.contains(where: { $0.rule == match.rule }) {
                matches.append(match)
            }
            guard !matches.isEmpty else { continue }
            // Every secret in the entry masked: the rules' matches and the variables' values.
            let shown = String(
                scanner.masking(Redaction.redact(text, values: variableValues.sorted { $0.count > $1.count })).prefix(200))
            for var match in matches {
                if variableValues.contains(where: match.excerpt.contains) || match.rule == variableRule.id {
                    match.excerpt = shown
                }
                findings.append(
                    SecretFinding(
                        match: match, place: .history(step: step),
                        layer: isEmpty || layer >= image.layers.count ? nil : layer, instruction: shown))
            }
        }
        return findings
    }

    /// A layer's instruction as a report may show it: the values of secret-looking build
    /// arguments and whatever a rule finds masked.
    public static func redactedInstruction(_ text: String, scanner: SecretScanner) -> String {
        let values = buildArguments(text).filter { isSecretVariable(name: $0.0, value: $0.1) }.map(\.1)
        return scanner.masking(Redaction.redact(text, values: values.sorted { $0.count > $1.count }))
    }

    /// `NAME=value` pairs a history entry records: BuildKit's `|N A=1 B=2` before a command, and
    /// `ARG NAME=value`.
    static func buildArguments(_ createdBy: String) -> [(String, String)] {
        var words = createdBy.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if words.first == "RUN" { words.removeFirst() }
        if let first = words.first, first.hasPrefix("|"), let count = Int(first.dropFirst()) {
            return words.dropFirst().prefix(count).map(split)
        }
        if words.first == "ARG" {
            return words.dropFirst().filter { $0.contains("=") }.map(split)
        }
        return []
    }
}
