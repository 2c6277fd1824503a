import Testing

@testable import StagecraftLint

/// Paths from Dockerfile text, split without Foundation (whose path functions trap on some input).
@Suite struct PathTextTests {
    @Test(arguments: [
        ("a/b/c.txt", "c.txt", "a/b", "c"), ("a/b/", "b", "a", "b"), ("c", "c", "", "c"), ("/c", "c", "/", "c"),
        ("/", "", "/", ""), ("", "", "", ""), ("req/.env", ".env", "req", ".env"), ("x//y.tar.gz", "y.tar.gz", "x/", "y.tar"),
        ("\u{FFFF}/\u{0}.\u{FFFD}", "\u{0}.\u{FFFD}", "\u{FFFF}", "\u{0}"),
    ])
    func splitsAsAShellWould(path: String, last: String, parent: String, stem: String) {
        #expect(PathText.lastComponent(path) == last)
        #expect(PathText.parent(path) == parent)
        #expect(PathText.stem(path) == stem)
    }
}
