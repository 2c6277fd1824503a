import TestSupport
import Testing

@testable import DockerfileSyntax

/// The pattern matcher against a plain backtracking matcher, which has leftmost-first semantics
/// by construction (the semantics of the Go regular expressions BuildKit compiles patterns to).
@Suite struct ShellPatternTests {
    /// Backtracking reference: tries star lengths in priority order.
    static func reference(_ pattern: ShellPattern, _ subject: [UInt32], at start: Int) -> Int? {
        func attempt(_ token: Int, _ offset: Int) -> Int? {
            if token == pattern.tokens.count { return offset }
            switch pattern.tokens[token] {
            case .literal(let rune):
                return offset < subject.count && subject[offset] == rune ? attempt(token + 1, offset + 1) : nil
            case .any:
                return offset < subject.count && subject[offset] != 0x0A ? attempt(token + 1, offset + 1) : nil
            case .star:
                var limit = offset
                while limit < subject.count && subject[limit] != 0x0A { limit += 1 }
                let ends = pattern.greedy ? Array(stride(from: limit, through: offset, by: -1)) : Array(offset...limit)
                for end in ends {
                    if let result = attempt(token + 1, end) { return result }
                }
                return nil
            }
        }
        return attempt(0, start)
    }

    @Test func agreesWithBacktrackingOnRandomPatterns() throws {
        var random = SeededGenerator(seed: 7)
        let alphabet: [UInt32] = [0x61, 0x62, 0x0A, 0x2A, 0x3F]  // a b \n * ?
        for _ in 0..<4000 {
            let pattern = (0..<Int.random(in: 0...5, using: &random)).map { _ in random.pick(alphabet) }
            let subject = (0..<Int.random(in: 0...8, using: &random)).map { _ in random.pick([0x61, 0x62, 0x0A] as [UInt32]) }
            for greedy in [true, false] {
                let compiled = try ShellPattern(pattern, greedy: greedy)
                for start in 0...subject.count {
                    #expect(compiled.match(subject, at: start) == Self.reference(compiled, subject, at: start))
                }
                let leftmost = (0...subject.count).lazy.compactMap { start in
                    Self.reference(compiled, subject, at: start).map { start..<$0 }
                }.first
                #expect(compiled.firstMatch(in: subject, from: 0) == leftmost)
            }
        }
    }

    @Test func longPatternsDoNotBacktrackExponentially() throws {
        let subject = [UInt32](repeating: 0x61, count: 3000)
        let pattern: [UInt32] = Array(repeating: [UInt32(0x2A), 0x61], count: 500).flatMap { $0 } + [0x62]
        let compiled = try ShellPattern(pattern, greedy: true)
        #expect(compiled.match(subject, at: 0) == nil)
    }
}
