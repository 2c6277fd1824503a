import DockerfileSyntax
import StagecraftCompose

/// `.dockerignore` patterns with Docker's semantics: lines trimmed, `#` comments, `!` exceptions,
/// paths cleaned and made relative, `*` and `?` within a path component, `**` across components,
/// `[...]` classes, the last matching pattern winning, and a pattern that matches a parent folder
/// matching everything below it.
/// See https://docs.docker.com/build/concepts/context/#dockerignore-files and moby/patternmatcher.
public struct Dockerignore: Sendable {
    struct Pattern: Sendable {
        enum Token: Sendable, Equatable {
            case literal(Character)
            case anyInComponent  // *  ->  [^/]*
            case oneInComponent  // ?  ->  [^/]
            case anyDirectories  // **/  ->  (.*/)?
            case anything  // trailing **  ->  .*
            case characterClass([Character], negated: Bool)
        }

        var text: String
        var exclusion: Bool
        var tokens: [Token]
        var line: Int
    }

    let patterns: [Pattern]

    /// Reads a `.dockerignore` file's text.
    public init(_ text: String) {
        var patterns: [Pattern] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = String(rawLine)
            if lineNumber == 1 && line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.hasPrefix("#") { continue }
            line = line.trimmingCharacters(in: " \t\r\n")
            if line.isEmpty { continue }
            var exclusion = false
            if line.hasPrefix("!") {
                exclusion = true
                line = String(line.dropFirst()).trimmingCharacters(in: " \t")
            }
            var cleaned = cleanPath(line)
            if cleaned.count > 1 && cleaned.hasPrefix("/") { cleaned.removeFirst() }
            if cleaned.isEmpty { continue }
            patterns.append(Pattern(text: cleaned, exclusion: exclusion, tokens: Self.compile(cleaned), line: lineNumber))
        }
        self.patterns = patterns
    }

    /// Whether the file has exception (`!`) patterns.
    public var hasExceptions: Bool { patterns.contains { $0.exclusion } }

    /// Whether `path` (relative to the context, `/`-separated) is left out of the build context.
    public func excludes(_ path: String) -> Bool { matchingLine(path) != nil }

    /// The line of the pattern that leaves `path` out, or nil when it is sent.
    public func matchingLine(_ path: String) -> Int? {
        let file = cleanPath(path)
        let components = file.split(separator: "/").map(String.init)
        let parents = components.count > 1 ? (1..<components.count).map { components[0..<$0].joined(separator: "/") } : []
        var matched: Pattern?
        for pattern in patterns {
            // An exception only matters once something matched, and the reverse.
            if pattern.exclusion != (matched != nil) { continue }
            var match = Self.matches(pattern.tokens[...], Array(file)[...])
            if !match { match = parents.contains { Self.matches(pattern.tokens[...], Array($0)[...]) } }
            if match { matched = pattern.exclusion ? nil : pattern }
        }
        return matched?.line
    }

    static func compile(_ pattern: String) -> [Pattern.Token] {
        var tokens: [Pattern.Token] = []
        let characters = Array(pattern)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            switch character {
            case "*":
                if index < characters.count && characters[index] == "*" {
                    index += 1
                    if index < characters.count && characters[index] == "/" { index += 1 }
                    tokens.append(index == characters.count ? .anything : .anyDirectories)
                } else {
                    tokens.append(.anyInComponent)
                }
            case "?": tokens.append(.oneInComponent)
            case "\\":
                if index < characters.count {
                    tokens.append(.literal(characters[index]))
                    index += 1
                } else {
                    tokens.append(.literal("\\"))
                }
            case "[":
                var members: [Character] = []
                var negated = false
                if index < characters.count && (characters[index] == "^" || characters[index] == "!") {
                    negated = true
                    index += 1
                }
                while index < characters.count && characters[index] != "]" {
                    if characters[index] == "-" && !members.isEmpty && index + 1 < characters.count
                        && characters[index + 1] != "]",
                        let low = members.last?.unicodeScalars.first?.value,
                        let high = characters[index + 1].unicodeScalars.first?.value, low <= high
                    {
                        for value in (low + 1)...high {
                            if let scalar = Unicode.Scalar(value) { members.append(Character(scalar)) }
                        }
                        index += 2
                        continue
                    }
                    members.append(characters[index])
                    index += 1
                }
                index += 1
                tokens.append(.characterClass(members, negated: negated))
            default:
                tokens.append(.literal(character))
            }
        }
        return tokens
    }

    /// Simulates the pattern as a set of token positions over the text: time proportional to
    /// pattern length times text length for any pattern (`a*a*a*…b` included), no backtracking.
    static func matches(_ tokens: ArraySlice<Pattern.Token>, _ text: ArraySlice<Character>) -> Bool {
        let tokens = Array(tokens)
        let count = tokens.count
        var current = [Bool](repeating: false, count: count + 1)
        current[0] = true
        /// Adds positions reachable without reading; true when `**` at the end (anything) is reached.
        func close(_ states: inout [Bool]) -> Bool {
            for state in 0..<count where states[state] {
                switch tokens[state] {
                case .anything: return true
                case .anyInComponent, .anyDirectories: states[state + 1] = true
                default: continue
                }
            }
            return false
        }
        if close(&current) { return true }
        for character in text {
            var next = [Bool](repeating: false, count: count + 1)
            var alive = false
            for state in 0..<count where current[state] {
                switch tokens[state] {
                case .literal(let expected) where expected == character:
                    next[state + 1] = true
                case .oneInComponent where character != "/":
                    next[state + 1] = true
                case .characterClass(let members, let negated) where character != "/" && members.contains(character) != negated:
                    next[state + 1] = true
                case .anyInComponent where character != "/":
                    next[state] = true
                case .anyDirectories:
                    next[state] = true
                    if character == "/" { next[state + 1] = true }
                default:
                    continue
                }
                alive = true
            }
            guard alive else { return false }
            if close(&next) { return true }
            current = next
        }
        return current[count]
    }
}
