/// A path glob as `exclude` settings write them: `*` within a component, `**` across components,
/// `**/` for zero or more folders, `?` one character other than `/`.
///
/// Matching simulates the pattern as a set of positions over the text, so it takes time
/// proportional to pattern length times text length whatever the pattern (`a*a*a*…b` against a
/// long name included): no backtracking.
struct GlobPattern {
    private enum Token: Equatable {
        case character(Character)
        case anyCharacter
        /// `*`: any run of characters other than `/`.
        case star
        /// `**`: any run of characters; `skipsSlash` when written `**/`, which may also match nothing.
        case doubleStar(skipsSlash: Bool)
    }

    private let tokens: [Token]

    init(_ pattern: String) {
        var tokens: [Token] = []
        let characters = Array(pattern)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "*" {
                let double = index + 1 < characters.count && characters[index + 1] == "*"
                index += double ? 2 : 1
                if double {
                    // Stars after `**` add nothing.
                    while index < characters.count && characters[index] == "*" { index += 1 }
                    tokens.append(.doubleStar(skipsSlash: index < characters.count && characters[index] == "/"))
                } else if tokens.last != .star {
                    tokens.append(.star)
                }
                continue
            }
            tokens.append(character == "?" ? .anyCharacter : .character(character))
            index += 1
        }
        self.tokens = tokens
    }

    func matches(_ path: String) -> Bool {
        var current = [Bool](repeating: false, count: tokens.count + 1)
        current[0] = true
        close(&current)
        for character in path {
            var next = [Bool](repeating: false, count: tokens.count + 1)
            var any = false
            for state in tokens.indices where current[state] {
                switch tokens[state] {
                case .character(let expected) where expected == character:
                    next[state + 1] = true
                case .anyCharacter where character != "/":
                    next[state + 1] = true
                case .star where character != "/", .doubleStar:
                    next[state] = true
                default:
                    continue
                }
                any = true
            }
            guard any else { return false }
            close(&next)
            current = next
        }
        return current[tokens.count]
    }

    /// Adds the positions reachable without reading a character: past a star, and past `**/` whole.
    private func close(_ states: inout [Bool]) {
        for state in tokens.indices where states[state] {
            switch tokens[state] {
            case .star: states[state + 1] = true
            case .doubleStar(let skipsSlash):
                states[state + 1] = true
                if skipsSlash && state + 2 <= tokens.count { states[state + 2] = true }
            default: continue
            }
        }
    }
}
