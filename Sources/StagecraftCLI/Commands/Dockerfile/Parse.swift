import ArgumentParser
import DockerfileSyntax

extension Stagecraft {
    /// `stagecraft parse`: prints the syntax tree exactly as BuildKit's parser builds it.
    struct Parse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse a Dockerfile exactly as BuildKit does and print its syntax tree.",
            discussion: """
                text prints BuildKit's own dump, one instruction per line. json prints an array of \
                {cmd, subCmd, json, original, startLine, endLine, flags, value, heredocs}.
                A file BuildKit rejects prints file:line:column: error: ... and exits with 2.
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        @Argument(help: "The Dockerfile, or - for standard input.")
        var file: String

        func run() async throws {
            let parsed = try InputFile(file).parse()
            switch format {
            case .text: Console.output(parsed.dump())
            case .json: Console.output(parsed.jsonArray())
            }
        }
    }
}
