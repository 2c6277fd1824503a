import Foundation
import Testing

@testable import StagecraftRuntime

/// RE2 semantics as Go's `regexp.MatchString` has them, in linear time.
@Suite struct LinearRegexTests {
    @Test(arguments: [
        ("Python 3\\.12", "Python 3.12.7\n", true), ("Python 3\\.12", "Python 3x12", false),
        ("^v\\d+\\.\\d+", "v20.11.1\n", true), ("^v\\d+", "node v20", false),
        ("ok$", "ok\n", false), ("ok\\n$", "ok\n", true), ("(?m)^ok$", "first\nok\nlast", true),
        ("(?i)HELLO", "well, hello there", true), ("(?i:a)B", "Ab", false), ("(?i:a)B", "AB", true),
        ("colou?r", "color", true), ("a{2,3}b", "aab", true), ("a{2,3}b", "ab", false), ("x{2}", "axxb", true),
        ("[[:digit:]]+%", "used 42%", true), ("[^a-z]", "abc", false), ("[^a-z]", "abC", true),
        ("\\buser\\b", "username", false), ("\\buser\\b", "the user is", true), ("\\Bser", "user", true),
        ("(foo|bar)baz", "xbarbaz", true), ("(foo|bar)baz", "fobaz", false), ("a.c", "a\nc", false), ("(?s)a.c", "a\nc", true),
        ("(?P<ver>\\d+)\\.(\\d+)", "1.2", true), ("\\x41\\x{263a}", "A\u{263a}", true), ("[\\d\\s]+x", "1 2 x", true),
        ("", "anything", true), ("\\Aabc\\z", "abc", true), ("\\Aabc\\z", "abcd", false), ("a|", "zzz", true),
        ("[]a]", "]", true), ("a{,2}", "a{,2}", true), ("\\.\\*\\+", ".*+", true), ("[\\D]", "5", false),
    ])
    func matchesAsGoDoes(pattern: String, text: String, expected: Bool) throws {
        #expect(try LinearRegex(pattern).matches(text) == expected, "\(pattern) on \(text.debugDescription)")
    }

    @Test(arguments: ["(?=a)", "(?<=a)b", "\\1", "a**", "(abc", "abc)", "[a", "x{1001}", "\\p", "a{2,1}"])
    func rejectsWhatRE2Rejects(pattern: String) {
        #expect(throws: LinearRegex.SyntaxError.self) { try LinearRegex(pattern) }
    }

    /// Patterns that take a backtracking engine exponential time answer at once here; the work
    /// is bounded by program size times text length, so a wall-clock check is not needed.
    @Test func pathologicalPatternsAnswer() throws {
        #expect(try !LinearRegex("(.*a){20}c").matches(String(repeating: "a", count: 41)))
        #expect(try !LinearRegex("(a+)+b").matches(String(repeating: "a", count: 5_000)))
        #expect(try !LinearRegex("(x+x+)+y").matches(String(repeating: "x", count: 2_000)))
        #expect(try LinearRegex("(a|aa)*c").matches(String(repeating: "a", count: 3_000) + "c"))
    }
}
