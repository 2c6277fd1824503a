import Foundation
import StagecraftReporting
import TestSupport
import Testing

/// Library errors are data (what, where, what to do); only the command line words them.
struct InputProblemTests {
    @Test func positionsNameWhatIsKnown() {
        #expect(SourcePosition(file: "a/Dockerfile", line: 3, column: 7).text == "a/Dockerfile:3:7")
        #expect(SourcePosition(file: "compose.yaml", line: 12).text == "compose.yaml:12")
        #expect(SourcePosition(file: "x.tar").text == "x.tar")
        #expect(SourcePosition(line: 2, column: 1).text == "2:1")
        #expect(SourcePosition(file: "f", column: 4).text == "f")
        #expect(SourcePosition().text == "")
    }

    @Test func aProblemDescribesItselfWithoutASeverityWord() {
        let problem = FileProblem(".stagecraft.yml", line: 4, "lint.severity must be a mapping", remedy: "write rule: level")
        #expect(problem.description == ".stagecraft.yml:4: lint.severity must be a mapping; write rule: level")
        #expect(FileProblem("c.yaml", "not valid YAML").description == "c.yaml: not valid YAML")
    }

    /// The wording of errors belongs to the command line: no library writes `error:` into a message.
    @Test func noLibraryWordsItsErrors() throws {
        let sources = Paths.packageRoot.appendingPathComponent("Sources")
        let files = try FileManager.default.subpathsOfDirectory(atPath: sources.path).filter {
            $0.hasSuffix(".swift") && !$0.hasPrefix("StagecraftCLI/")
        }
        #expect(files.count > 50)
        var offenders: [String] = []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") { continue }
                // A string literal that words an error: `"error: …` or `…: error: …`.
                if code.contains("\"error: ") || code.contains(": error: ") || code.contains("exit(1") || code.contains("exit(2")
                    || code.contains("exit(130")
                {
                    offenders.append("\(file):\(index + 1)")
                }
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
