import StagecraftReporting
import Testing

/// The folder of a path, as NSString's deletingLastPathComponent gives it, for the paths on which
/// Foundation on Linux traps (a one-character name such as `.`).
@Suite struct ParentFolderTests {
    @Test(arguments: [
        (".", ""), ("a", ""), ("./", ""), ("compose.yaml", ""), ("a/b", "a"), ("a/b/", "a"), ("./a", "."),
        ("../a", ".."), ("/a", "/"), ("/", "/"), ("/x/y/z.yaml", "/x/y"), ("a//b", "a"), ("", ""),
    ])
    func isWhatNSStringGives(path: String, folder: String) {
        #expect(parentFolder(of: path) == folder, "\(path)")
    }
}
