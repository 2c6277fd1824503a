import Foundation
import Testing

@testable import StagecraftReporting

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The shared renderers: well-formed, counted, escaped.
@Suite struct RendererTests {
    static let diagnostics = [
        Diagnostic(
            severity: .error, code: "copy-source-missing", message: "a|b is <missing> & \"quoted\"", file: "api/Dockerfile",
            line: 3),
        Diagnostic(severity: .info, code: "advice", message: "line one\nline two", file: "compose.yaml", line: 7, column: 5),
    ]

    static let suites = [
        CheckSuite(
            name: "api:runtime",
            cases: [
                CheckCase(group: "api", name: "healthy", outcome: .pass, seconds: 1.5),
                CheckCase(
                    group: "api", name: "non-root", outcome: .fail(message: "runs as <root>", type: "error", detail: "uid 0")),
                CheckCase(group: "api", name: "structure", outcome: .skip(message: "no config")),
                CheckCase(group: "api", name: "size", outcome: .note("warning: 1.2 GB")),
            ], seconds: 2)
    ]

    func parses(_ xml: String) -> Bool { XMLParser(data: Data(xml.utf8)).parse() }

    @Test func junitCountsEveryOutcomeAndEscapes() {
        let xml = JUnit.render(name: "stagecraft test", suites: Self.suites)
        #expect(parses(xml))
        #expect(xml.contains("<testsuites name=\"stagecraft test\" tests=\"4\" failures=\"1\" errors=\"0\">"))
        #expect(xml.contains("tests=\"4\" failures=\"1\" errors=\"0\" skipped=\"1\" time=\"2.000\">"))
        #expect(xml.contains("<failure type=\"error\" message=\"runs as &lt;root&gt;\">uid 0</failure>"))
        #expect(xml.contains("<system-out>warning: 1.2 GB</system-out>"))
        #expect(xml.contains("name=\"healthy\" time=\"1.500\"/>"))
    }

    @Test func checkstyleAndAnnotationsAndMarkdown() {
        let checkstyle = Checkstyle.render(
            files: ["api/Dockerfile", "compose.yaml"], diagnostics: Self.diagnostics, source: "stagecraft")
        #expect(parses(checkstyle))
        #expect(checkstyle.contains("message=\"a|b is &lt;missing&gt; &amp; &quot;quoted&quot;\""))
        let annotations = GitHubAnnotations.render(Self.diagnostics)
        #expect(annotations.hasPrefix("::error file=api/Dockerfile,line=3,endLine=3,col=1,title=copy-source-missing::"))
        #expect(annotations.contains("::notice file=compose.yaml,line=7,endLine=7,col=5,title=advice::line one%0Aline two\n"))
        let markdown = MarkdownSummary.render(title: "lint", diagnostics: Self.diagnostics)
        #expect(markdown.contains("2 problem(s): 1 error, 1 info"))
        #expect(markdown.contains("| error | `copy-source-missing` | api/Dockerfile:3 | a\\|b is <missing> & \"quoted\" |"))
        #expect(markdown.contains("line one line two"))
        let checks = MarkdownSummary.render(title: "test", suites: Self.suites)
        #expect(checks.contains("2 passed, 1 failed, 1 skipped"))
        #expect(MarkdownSummary.render(title: "lint", diagnostics: []).hasSuffix("No problems found.\n"))
    }

    @Test func controlCharactersAreWrittenOut() {
        #expect(terminalSafe("a\u{1B}]0;title\u{07}b\r\tc\n\u{9B}") == "a\\x1b]0;title\\x07b\\r\tc\n\\x9b")
        #expect(terminalSafe("plain text, ünïcode") == "plain text, ünïcode")
    }
}
