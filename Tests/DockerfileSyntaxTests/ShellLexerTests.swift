import Testing

@testable import DockerfileSyntax

/// Word expansion, one modifier at a time.
@Suite struct ShellLexerTests {
    let environment = EnvironmentList(["NAME=world", "EMPTY=", "PATH=/usr/local/bin:/usr/bin", "FILE=archive.tar.gz"])

    func expand(_ word: String, escape: Unicode.Scalar = "\\") throws -> String {
        try ShellLexer(escapeToken: escape).processWord(word, in: environment)
    }

    @Test(arguments: [
        ("$NAME", "world"), ("${NAME}", "world"), ("${UNSET}", ""),
        ("${UNSET:-dflt}", "dflt"), ("${EMPTY:-dflt}", "dflt"), ("${EMPTY-dflt}", ""), ("${UNSET-dflt}", "dflt"),
        ("${NAME:+alt}", "alt"), ("${EMPTY:+alt}", ""), ("${EMPTY+alt}", "alt"), ("${UNSET+alt}", ""),
        ("${NAME:?oops}", "world"),
        ("${FILE#*.}", "tar.gz"), ("${FILE##*.}", "gz"), ("${FILE%.*}", "archive.tar"), ("${FILE%%.*}", "archive"),
        ("${PATH/usr/opt}", "/opt/local/bin:/usr/bin"), ("${PATH//usr/opt}", "/opt/local/bin:/opt/bin"),
        ("${NAME//o/[$0]}", "w[]rld"), ("${NAME//o/[\\$0]}", "w[\\o]rld"), ("${FILE/a?c/X}", "Xhive.tar.gz"),
        ("'$NAME'", "$NAME"), ("\"$NAME\"", "world"), ("\\$NAME", "$NAME"), ("a\\ b", "a b"),
    ])
    func expandsModifiers(word: String, expected: String) throws {
        #expect(try expand(word) == expected)
    }

    @Test(arguments: [
        "${UNSET:?}", "${EMPTY:?must be set}", "${UNSET?}", "${NAME", "${}", "${NAME:=x}", "'open", "\"open", "${FILE:#x}",
    ])
    func rejectsBadSubstitutions(word: String) {
        #expect(throws: ShellExpansionError.self) { try expand(word) }
    }

    @Test func errorMessageNamesTheWordAndTheVariable() throws {
        let error = try #require(throws: ShellExpansionError.self) { try expand("${UNSET:?is required}") }
        #expect(error.description == "failed to process \"${UNSET:?is required}\": UNSET: is required")
    }

    @Test func backtickEscapeToken() throws {
        #expect(try expand("`$NAME and \\$NAME", escape: "`") == "$NAME and \\world")
    }

    @Test func splitsWordsAfterExpansion() throws {
        let lexer = ShellLexer()
        let env = EnvironmentList(["LIST=a  b"])
        #expect(try lexer.processWords("x $LIST \"$LIST\"", in: env) == ["x", "a", "b", "a  b"])
    }

    @Test func skipUnsetEnvKeepsReferences() throws {
        var lexer = ShellLexer()
        lexer.skipUnsetEnv = true
        #expect(try lexer.processWord("$A ${B} ${C:-d} $NAME", in: environment) == "$A ${B} ${C:-d} world")
    }

    @Test func rawQuotesKeepQuoteCharacters() throws {
        var lexer = ShellLexer()
        lexer.rawQuotes = true
        #expect(try lexer.processWord("'a'\"b\"", in: environment) == "'a'\"b\"")
    }

    @Test func reportsMatchedAndUnmatchedVariables() throws {
        let expansion = try ShellLexer().expand("$NAME ${NOPE:-x}", in: environment)
        #expect(expansion.matched == ["NAME"])
        #expect(expansion.unmatched == ["NOPE"])
    }
}
