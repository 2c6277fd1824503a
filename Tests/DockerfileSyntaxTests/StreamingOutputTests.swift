import DockerfileSyntax
import Foundation
import TestSupport
import Testing

/// The streamed parse output is the array `jsonArray()` prints, byte for byte, and valid JSON.
@Suite struct StreamingOutputTests {
    func streamed(_ source: [UInt8], pretty: Bool) throws -> String {
        var bytes: [UInt8] = []
        try ParsedDockerfile.writeJSONArray(of: source, pretty: pretty) { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func streamedEqualsCollectedOnGeneratedFiles() throws {
        var generator = DockerfileGenerator(seed: 99)
        var compared = 0
        for _ in 0..<400 {
            let source = generator.next()
            guard let parsed = try? DockerfileParser.parse(source) else {
                #expect(throws: DockerfileSyntaxError.self) { try streamed(source, pretty: true) }
                continue
            }
            compared += 1
            #expect(try streamed(source, pretty: true) == parsed.jsonArray(pretty: true))
            #expect(try streamed(source, pretty: false) == parsed.jsonArray(pretty: false))
        }
        #expect(compared > 200)
    }

    @Test func escapesAreValidJSONAndRoundTrip() throws {
        let text = "FROM a\nLABEL k=\"q\\\"uote\" b=back\\\\slash t=\u{01}\u{1F}é☃\nRUN <<EOF\n\ttab \"x\"\nEOF\n"
        let output = try streamed(Array(text.utf8), pretty: true)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        let parsed = try DockerfileParser.parse(text)
        #expect(records.count == parsed.nodes.count)
        for (record, node) in zip(records, parsed.nodes) {
            #expect(record["original"] as? String == node.original)
            #expect(record["startLine"] as? Int == node.startLine)
        }
        let heredoc = (records[2]["heredocs"] as? [[String: Any]])?.first
        #expect(heredoc?["content"] as? String == "\ttab \"x\"\n")
    }

    /// The quoting reads eight bytes at a time; on random text (escapes at every offset) it must
    /// still escape exactly what JSON needs and read back as the same string.
    @Test func quotingRoundTripsRandomText() throws {
        let alphabet: [String] = ["a", "Z", " ", "/", "\"", "\\", "\n", "\t", "\r", "\u{01}", "\u{1F}", "\u{7F}", "é", "☃", "😀"]
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<3000 {
            let length = Int(generator.next() % 40)
            let text = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            let quoted = jsonQuoted(text)
            let read = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed) as? String
            #expect(read == text, "\(quoted)")
            // Only the characters JSON requires are escaped (a backslash becomes two).
            let backslashes = quoted.utf8.filter { $0 == 0x5C }.count
            let needed = text.unicodeScalars.filter { $0.value < 0x20 || $0 == "\"" || $0 == "\\" }.count
            #expect(backslashes == needed + text.utf8.filter { $0 == 0x5C }.count, "\(quoted)")
        }
    }

    /// Instructions are handed on as they are read, so a file rejected at its end has already
    /// produced its earlier instructions (the command line holds them back; see OutputSpool).
    @Test func aLateErrorIsThrownAfterTheEarlierInstructions() {
        var seen = 0
        let source = Array("FROM a\nRUN x\nRUN <<EOF\nnever ends\n".utf8)
        #expect(throws: DockerfileSyntaxError.self) {
            _ = try DockerfileParser.forEachInstruction(source) { _ in seen += 1 }
        }
        #expect(seen == 2)
    }
}
