import Testing

@testable import DockerfileSyntax

/// The parser's behaviour, item by item, written against BuildKit's documented semantics.
@Suite struct ParserTests {
    func parse(_ text: String) throws -> ParsedDockerfile { try DockerfileParser.parse(text) }
    func values(_ node: Node) -> [String] { node.next.map(\.value) }

    // MARK: Directives

    @Test func readsDirectivesAtTheTop() throws {
        let parsed = try parse("# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=all\nFROM a\n")
        #expect(parsed.directives.map(\.name) == ["syntax", "escape", "check"])
        #expect(parsed.directive("syntax")?.value == "docker/dockerfile:1")
        #expect(parsed.escapeToken == "`")
    }

    @Test func directivesStopAtTheFirstOtherLine() throws {
        let parsed = try parse("# a comment\n# escape=`\nFROM a\nRUN x \\\n y\n")
        #expect(parsed.directives.isEmpty)
        #expect(parsed.escapeToken == "\\")
        #expect(values(parsed.nodes[1]) == ["x  y"])
    }

    @Test func blankLineEndsDirectives() throws {
        #expect(try parse("\n# escape=`\nFROM a\n").escapeToken == "\\")
    }

    @Test func unknownDirectiveEndsDirectives() throws {
        let parsed = try parse("# foo=bar\n# escape=`\nFROM a\n")
        #expect(parsed.directives.isEmpty)
    }

    @Test func directiveNamesAreCaseInsensitiveAndSpacesAllowed() throws {
        let parsed = try parse("#  ESCAPE =  `  \nFROM a\n")
        #expect(parsed.escapeToken == "`")
    }

    @Test func repeatedDirectiveIsAnError() {
        #expect(throws: DockerfileSyntaxError.self) { try parse("# syntax=a\n# syntax=b\nFROM a\n") }
    }

    @Test func invalidEscapeTokenIsAnError() throws {
        let error = try #require(throws: DockerfileSyntaxError.self) { try parse("# escape=x\nFROM a\n") }
        #expect(error.kind == .invalidEscapeToken)
        #expect(error.line == 1)
    }

    // MARK: Lines, continuations and comments

    @Test func joinsContinuationsAndSkipsCommentsAndBlankLinesInside() throws {
        let parsed = try parse("FROM a\nRUN one \\\n# note\n\n   two \\\n  three\n")
        let run = parsed.nodes[1]
        #expect(values(run) == ["one    two   three"])
        #expect(run.startLine == 2 && run.endLine == 6)
        #expect(parsed.warnings.map(\.kind) == [.emptyContinuationLine])
    }

    @Test func continuationAtEndOfFileEndsTheInstruction() throws {
        let parsed = try parse("FROM a\nRUN x \\")
        #expect(values(parsed.nodes[1]) == ["x"])
    }

    @Test func escapedEscapeTokenIsNotAContinuation() throws {
        let parsed = try parse("FROM a\nRUN echo \\\\\nCMD y\n")
        #expect(parsed.nodes.count == 3)
        #expect(values(parsed.nodes[1]) == ["echo \\\\"])
    }

    @Test func backtickEscapeContinuesLines() throws {
        let parsed = try parse("# escape=`\nFROM a\nRUN dir c:\\ `\n  /b\n")
        #expect(values(parsed.nodes[1]) == ["dir c:\\   /b"])
    }

    @Test func handlesCRLFAndByteOrderMark() throws {
        let parsed = try DockerfileParser.parse([0xEF, 0xBB, 0xBF] + Array("# escape=`\r\nFROM a\r\nRUN x `\r\n y\r\n".utf8))
        #expect(parsed.escapeToken == "`")
        #expect(parsed.nodes.map(\.original) == ["FROM a", "RUN x  y"])
    }

    @Test func keepsCommentsAboveInstructions() throws {
        let parsed = try parse("FROM a\n# install tools\nRUN x\n")
        #expect(parsed.nodes[1].comments == ["install tools"])
    }

    @Test func lineNumbersCountEveryPhysicalLine() throws {
        let parsed = try parse("\n\nFROM a\n\n# c\nRUN a \\\n  b\n")
        #expect(parsed.nodes.map { [$0.startLine, $0.endLine] } == [[3, 3], [6, 7]])
    }

    @Test func fileWithoutInstructionsIsAnError() throws {
        let error = try #require(throws: DockerfileSyntaxError.self) { try parse("# only\n\n") }
        #expect(error.kind == .noInstructions)
    }

    @Test(arguments: [(65535, true), (65535, false), (65536, true), (65536, false)])
    func rejectsLinesLongerThanBuildKitsScanner(length: Int, newline: Bool) {
        let source = "FROM a\nRUN " + String(repeating: "x", count: length - 4) + (newline ? "\n" : "")
        let result = Result { try parse(source) }
        if length > 65535 {
            #expect(throws: DockerfileSyntaxError.self) { try result.get() }
        } else {
            #expect((try? result.get())?.nodes.count == 2)
        }
    }

    // MARK: Forms and arguments

    @Test func execFormIsJSON() throws {
        let node = try parse("CMD [\"a\", \"b c\"]\n").nodes[0]
        #expect(node.isJSON)
        #expect(values(node) == ["a", "b c"])
    }

    @Test func invalidJSONFallsBackToShellForm() throws {
        for text in ["CMD [\"a\"", "CMD ['a']", "CMD [a]"] {
            let node = try parse(text + "\n").nodes[0]
            #expect(!node.isJSON)
            #expect(values(node) == [String(text.dropFirst(4))])
        }
    }

    @Test func textAfterTheJSONArrayIsIgnoredAsBuildKitDoes() throws {
        let node = try parse("CMD [\"a\"] b\n").nodes[0]
        #expect(node.isJSON && values(node) == ["a"])
    }

    @Test func nonStringJSONArrayIsAnError() throws {
        let error = try #require(throws: DockerfileSyntaxError.self) { try parse("FROM a\nCMD [\"a\", 1]\n") }
        #expect(error.kind == .jsonNotStringArray)
        #expect(error.line == 2)
    }

    @Test func copyShellFormSplitsOnWhitespace() throws {
        #expect(values(try parse("COPY a  b\tc\n").nodes[0]) == ["a", "b", "c"])
    }

    @Test func flagsAreUnquotedAndStopAtDoubleDash() throws {
        let node = try parse("COPY --chown=\"a b\" --from=x -- --y z\n").nodes[0]
        #expect(node.flags == ["--chown=a b", "--from=x"])
        #expect(values(node) == ["--y", "z"])
    }

    @Test func envBothForms() throws {
        let parsed = try parse("ENV a=b c=\"d e\"\nENV legacy value with spaces\n")
        #expect(values(parsed.nodes[0]) == ["a", "b", "=", "c", "\"d e\"", "="])
        #expect(values(parsed.nodes[1]) == ["legacy", "value with spaces", ""])
    }

    @Test func envErrors() {
        #expect(throws: DockerfileSyntaxError.self) { try parse("ENV lonely\n") }
        #expect(throws: DockerfileSyntaxError.self) { try parse("LABEL a=b c\n") }
    }

    @Test func argKeepsWordsAsWritten() throws {
        #expect(values(try parse("ARG A B=\"x y\"\n").nodes[0]) == ["A", "B=\"x y\""])
    }

    @Test func healthcheckNoneAndCmd() throws {
        let parsed = try parse("HEALTHCHECK NONE\nHEALTHCHECK --interval=5s CMD [\"curl\", \"-f\"]\n")
        #expect(values(parsed.nodes[0]) == ["NONE"])
        #expect(parsed.nodes[1].flags == ["--interval=5s"])
        #expect(values(parsed.nodes[1]) == ["CMD", "curl", "-f"])
        #expect(parsed.nodes[1].isJSON)
    }

    @Test func maintainerAndUnknownInstructions() throws {
        let parsed = try parse("MAINTAINER Jane Doe\nFROBNICATE x y\n")
        #expect(values(parsed.nodes[0]) == ["Jane Doe"])
        #expect(parsed.nodes[1].value == "FROBNICATE")
        #expect(values(parsed.nodes[1]) == [""])
    }

    @Test func onbuildNestsItsInstruction() throws {
        let node = try parse("ONBUILD RUN [\"make\"]\n").nodes[0]
        let inner = try #require(node.subcommand)
        #expect(inner.value == "RUN" && inner.isJSON && values(inner) == ["make"])
        #expect(node.dump() == "onbuild (run \"make\")")
    }

    @Test func keywordCaseIsKept() throws {
        let node = try parse("from alpine AS Build\n").nodes[0]
        #expect(node.value == "from" && node.command == "from")
        #expect(values(node) == ["alpine", "AS", "Build"])
    }

    // MARK: Heredocs

    @Test func readsHeredocBodies() throws {
        let node = try parse("FROM a\nRUN <<EOF\necho hi\nEOF\nCMD x\n").nodes[1]
        #expect(node.heredocs == [Heredoc(name: "EOF", fileDescriptor: 0, expand: true, chomp: false, content: "echo hi\n")])
        #expect(node.startLine == 2 && node.endLine == 4)
        #expect(node.original == "RUN <<EOF\necho hi\nEOF\n")
    }

    @Test func severalHeredocsChompQuotingAndDescriptors() throws {
        let node = try parse("RUN <<-\"A\" 3<<B cat\n\tone\n\tA\ntwo\nB\n").nodes[0]
        #expect(node.heredocs.map(\.name) == ["A", "B"])
        #expect(node.heredocs.map(\.chomp) == [true, false])
        #expect(node.heredocs.map(\.expand) == [false, true])
        #expect(node.heredocs.map(\.fileDescriptor) == [0, 3])
        #expect(node.heredocs.map(\.content) == ["\tone\n", "two\n"])
    }

    @Test func copyAndAddTakeHeredocsButExecFormAndOtherInstructionsDoNot() throws {
        let parsed = try parse("COPY <<EOF /x\nbody\nEOF\nCMD <<EOF\nRUN [\"a\"] <<EOF\n")
        #expect(parsed.nodes[0].heredocs.count == 1)
        #expect(parsed.nodes[1].heredocs.isEmpty && parsed.nodes[2].heredocs.isEmpty)
    }

    @Test func unterminatedHeredocIsAnError() throws {
        let error = try #require(throws: DockerfileSyntaxError.self) { try parse("FROM a\nRUN <<EOF\nx\n") }
        #expect(error.kind == .unterminatedHeredoc)
        #expect(error.line == 2)
    }
}
