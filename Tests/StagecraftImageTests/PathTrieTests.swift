import Testing

@testable import StagecraftImage

@Suite struct PathTrieTests {
    @Test func internsEachPathOnceAndGivesItBack() {
        var trie = PathTrie(capacity: 4)
        let file = trie.intern("usr/lib/app/main.py")
        #expect(trie.intern("/usr//lib/app/main.py/") == file)
        #expect(trie.path(file) == "usr/lib/app/main.py")
        #expect(trie.find("usr/lib/app") == trie.parents[Int(file)])
        #expect(trie.find("usr/lib/other") == nil)
        #expect(trie.intern("") == PathTrie.root && trie.find("/") == PathTrie.root)
        // Names that share prefixes with each other are different nodes.
        let names = ["a", "ab", "a.b", ".wh.a", "ä", "A"]
        let nodes = names.map { trie.intern("usr/" + $0) }
        #expect(Set(nodes).count == names.count)
        #expect(nodes.map { trie.path($0) } == names.map { "usr/" + $0 })
        #expect(trie.nameHasPrefix(nodes[3], ".wh.") && !trie.nameHasPrefix(nodes[2], ".wh."))
    }

    @Test func growsPastItsFirstCapacityWithoutLosingNodes() {
        var trie = PathTrie(capacity: 2)
        var made: [PathTrie.ID] = []
        for folder in 0..<50 {
            for file in 0..<40 { made.append(trie.intern("srv/pkg\(folder)/mod\(file).py")) }
        }
        #expect(trie.count == 1 + 1 + 50 + 50 * 40)
        for folder in 0..<50 {
            for file in 0..<40 { #expect(trie.find("srv/pkg\(folder)/mod\(file).py") == made[folder * 40 + file]) }
        }
    }

    @Test func walksChildrenDescendantsAndPaths() {
        var trie = PathTrie()
        for path in ["a/b/c", "a/b/d", "a/e", "f"] { _ = trie.intern(path) }
        let a = trie.find("a")!
        var children: [String] = []
        trie.forEachChild(of: a) { children.append(trie.name($0)) }
        #expect(children.sorted() == ["b", "e"])
        var below: [String] = []
        trie.forEachDescendant(of: a, where: { trie.name($0) != "b" }) { below.append(trie.path($0)) }
        #expect(below == ["a/e"])  // b is left out, and with it everything under it
        var paths: [String] = []
        trie.forEachPath(where: { _ in true }) { _, bytes in paths.append(String(decoding: bytes, as: UTF8.self)) }
        #expect(paths.sorted() == ["/a", "/a/b", "/a/b/c", "/a/b/d", "/a/e", "/f"])
    }
}
