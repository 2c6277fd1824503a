import Testing

@testable import DockerfileSyntax

/// The deletion index finds exactly the names a comparison with every name would.
struct NearNamesTests {
    @Test func findsWhatComparingWithEveryNameFinds() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDE_1")
        let names = (0..<400).map { _ in
            String((0..<Int.random(in: 1...7, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
        }
        let index = NearNames(names)
        for _ in 0..<200 {
            let query = String(
                (0..<Int.random(in: 1...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let expected = Set(names).filter { editDistance($0, query) <= 2 }.sorted()
            #expect(index.near(query) == expected, "query \(query)")
        }
    }

    @Test func suggestsTheSpellingInScope() {
        let index = NearNames(["APP_HOME", "APP_USER", "NODE_ENV"])
        #expect(index.near("APP_HOEM") == ["APP_HOME"])
        #expect(index.near("NODE_EVN") == ["NODE_ENV"])
        #expect(index.near("PYTHONPATH").isEmpty)
        #expect(NearNames([String(repeating: "A", count: 41)]).near(String(repeating: "A", count: 41)).isEmpty)
    }
}
