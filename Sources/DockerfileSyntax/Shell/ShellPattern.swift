/// A shell wildcard pattern (`*`, `?`, escaped literals) matched with the semantics of the Go
/// regular expression BuildKit compiles it to: leftmost-first, `.` never matching a newline.
/// See BuildKit's `convertShellPatternToRegex` and https://pkg.go.dev/regexp#Regexp.ReplaceAllString
struct ShellPattern {
    enum Token: Equatable {
        case star
        case any
        case literal(UInt32)
    }

    let tokens: [Token]
    let greedy: Bool

    /// Compiles `pattern`; `\` may only escape `*`, `?` or `\` (before `}` or `/` it is dropped).
    init(_ pattern: [UInt32], greedy: Bool) throws(ShellFailure) {
        var tokens: [Token] = []
        var index = 0
        while index < pattern.count {
            let rune = pattern[index]
            index += 1
            switch rune {
            case 0x2A: tokens.append(.star)
            case 0x3F: tokens.append(.any)
            case 0x5C:
                if index < pattern.count && (pattern[index] == 0x7D || pattern[index] == 0x2F) { continue }
                guard index < pattern.count else { throw ShellFailure(message: "invalid escape '\\\u{FFFD}'") }
                let escaped = pattern[index]
                index += 1
                guard escaped == 0x2A || escaped == 0x3F || escaped == 0x5C else {
                    throw ShellFailure(message: "invalid escape '\\\(RuneString([escaped]).string)'")
                }
                tokens.append(.literal(escaped))
            default:
                tokens.append(.literal(rune))
            }
        }
        self.tokens = tokens
        self.greedy = greedy
    }

    /// The end of the highest-priority match starting exactly at `start`, or `nil`.
    func match(_ subject: [UInt32], at start: Int) -> Int? {
        search(subject, from: start, anchored: true)?.upperBound
    }

    /// The leftmost match at or after `from`, as a range of rune offsets.
    func firstMatch(in subject: [UInt32], from: Int) -> Range<Int>? {
        search(subject, from: from, anchored: false)
    }

    /// A Pike VM over the token list: threads are kept in priority order, so the first thread to
    /// reach the end wins exactly as in a backtracking (leftmost-first) engine, in time linear in
    /// the subject times the pattern.
    private func search(_ subject: [UInt32], from: Int, anchored: Bool) -> Range<Int>? {
        struct Thread {
            /// A token index waiting for input, or `tokens.count` once the pattern has matched.
            var state: Int
            var start: Int
        }
        let accept = tokens.count
        var current: [Thread] = []
        var next: [Thread] = []
        var seen = [Int](repeating: -1, count: tokens.count + 1)
        var stack: [Int] = []
        var found: Range<Int>?

        /// Adds the threads reachable from `state` without consuming input, highest priority
        /// first. A star offers "consume one more" and "move on", in the order `greedy` says.
        func addClosure(_ state: Int, start: Int, position: Int, into list: inout [Thread]) {
            stack.removeAll(keepingCapacity: true)
            stack.append(state)
            while let entry = stack.popLast() {
                let waiting = entry < 0  // a star's "consume one more" branch
                let index = waiting ? -entry - 1 : entry
                if !waiting, index < tokens.count, tokens[index] == .star {
                    let consume = -index - 1
                    let moveOn = index + 1
                    stack.append(greedy ? moveOn : consume)  // pushed first, taken last
                    stack.append(greedy ? consume : moveOn)
                    continue
                }
                guard seen[index] != position else { continue }
                seen[index] = position
                list.append(Thread(state: index, start: start))
            }
        }

        var position = from
        while true {
            if found == nil && (!anchored || position == from) {
                addClosure(0, start: position, position: position, into: &current)
            }
            if current.isEmpty { break }
            next.removeAll(keepingCapacity: true)
            let character: UInt32? = position < subject.count ? subject[position] : nil
            for thread in current {
                if thread.state == accept {
                    found = thread.start..<position
                    break  // every lower-priority thread loses
                }
                guard let character else { continue }
                let successor: Int
                switch tokens[thread.state] {
                case .literal(let rune):
                    guard character == rune else { continue }
                    successor = thread.state + 1
                case .any:
                    guard character != 0x0A else { continue }
                    successor = thread.state + 1
                case .star:
                    guard character != 0x0A else { continue }
                    successor = thread.state
                }
                addClosure(successor, start: thread.start, position: position + 1, into: &next)
            }
            if position == subject.count { break }
            swap(&current, &next)
            position += 1
        }
        return found
    }

    /// `${V#p}` / `${V##p}`: removes the matching prefix.
    static func trimPrefix(_ pattern: [UInt32], from value: [UInt32], greedy: Bool) throws(ShellFailure) -> [UInt32] {
        let compiled = try ShellPattern(pattern, greedy: greedy)
        guard let end = compiled.match(value, at: 0) else { return value }
        return Array(value[end...])
    }

    /// `${V%p}` / `${V%%p}`: reverses pattern and value and trims the prefix, as BuildKit does.
    static func trimSuffix(_ pattern: [UInt32], from value: [UInt32], greedy: Bool) throws(ShellFailure) -> [UInt32] {
        let trimmed = try trimPrefix(reversePattern(pattern), from: value.reversed(), greedy: greedy)
        return trimmed.reversed()
    }

    /// Reverses a pattern while keeping each `\x` escape pair in order.
    static func reversePattern(_ pattern: [UInt32]) -> [UInt32] {
        var out = [UInt32](repeating: 0, count: pattern.count)
        let last = pattern.count - 1
        var index = 0
        while index <= last {
            let rune = pattern[index]
            let target = last - index
            if rune == 0x5C && index != last {
                out[target - 1] = rune
                out[target] = pattern[index + 1]
                index += 2
            } else {
                out[target] = rune
                index += 1
            }
        }
        return out
    }

    /// `${V/p/r}` replaces the first match as is; `${V//p/r}` replaces every match through Go's
    /// `ReplaceAllString`, which expands `$0`, `${0}` and `$$` in the replacement.
    func replace(in value: [UInt32], with replacement: [UInt32], all: Bool) -> [UInt32] {
        guard all else {
            guard let range = firstMatch(in: value, from: 0) else { return value }
            return Array(value[..<range.lowerBound]) + replacement + Array(value[range.upperBound...])
        }
        var out: [UInt32] = []
        var lastMatchEnd = 0
        var searchPosition = 0
        while searchPosition <= value.count {
            guard let range = firstMatch(in: value, from: searchPosition) else { break }
            out.append(contentsOf: value[lastMatchEnd..<range.lowerBound])
            if range.upperBound > lastMatchEnd || range.lowerBound == 0 {
                out.append(contentsOf: Self.expandTemplate(replacement, match: Array(value[range])))
            }
            lastMatchEnd = range.upperBound
            searchPosition = max(searchPosition + 1, range.upperBound)
        }
        out.append(contentsOf: value[min(lastMatchEnd, value.count)...])
        return out
    }

    /// Go's `Regexp.Expand` for a pattern without capture groups.
    static func expandTemplate(_ template: [UInt32], match: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        var index = 0
        while index < template.count {
            let rune = template[index]
            index += 1
            guard rune == 0x24 else {
                out.append(rune)
                continue
            }
            if index < template.count && template[index] == 0x24 {
                out.append(0x24)
                index += 1
                continue
            }
            guard let (name, next) = templateName(template, at: index) else {
                out.append(0x24)
                continue
            }
            index = next
            if name == [0x30] { out.append(contentsOf: match) }
        }
        return out
    }

    private static func templateName(_ template: [UInt32], at start: Int) -> ([UInt32], Int)? {
        var index = start
        let braced = index < template.count && template[index] == 0x7B
        if braced { index += 1 }
        let nameStart = index
        while index < template.count, isLetter(template[index]) || isDecimalDigit(template[index]) || template[index] == 0x5F {
            index += 1
        }
        guard index > nameStart else { return nil }
        let name = Array(template[nameStart..<index])
        if braced {
            guard index < template.count && template[index] == 0x7D else { return nil }
            index += 1
        }
        return (name, index)
    }
}
