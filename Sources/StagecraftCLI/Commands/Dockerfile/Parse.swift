import ArgumentParser
import DockerfileSyntax

extension Stagecraft {
    /// `stagecraft parse`: prints the syntax tree exactly as BuildKit's parser builds it.
    struct Parse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse a Dockerfile exactly as BuildKit does and print its syntax tree.",
            discussion: """
                text prints BuildKit's own dump, one instruction per line. json prints an array of \
                {cmd, subCmd, json, original, startLine, endLine, flags, value, heredocs}.
                --check parses any number of files and prints only their errors.
                A file BuildKit rejects prints file:line:column: error: ... and exits with 2.
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        @Flag(help: "Only check that every file parses; print errors, nothing else.")
        var check = false

        @Flag(help: "With --check: print the file count, bytes and time spent reading and parsing to standard error.")
        var stats = false

        @Option(
            name: .customLong("files-from"),
            help: "With --check: read paths, one per line, from this file (- for standard input).")
        var filesFrom: String?

        @Argument(help: "The Dockerfile, or - for standard input (several with --check).")
        var files: [String] = []

        func validate() throws {
            guard !files.isEmpty || filesFrom != nil else { throw ValidationError("name a Dockerfile, or - for standard input") }
            guard (files.count == 1 && filesFrom == nil) || check else {
                throw ValidationError("parse prints one file; use --check to validate several")
            }
        }

        func run() throws {
            if check { return try checkAll() }
            let input = try InputFile(files[0])
            switch format {
            case .text:
                Console.output(try input.parse().dump())
            case .json:
                // Streamed: each instruction is written as it is read, and the whole array reaches
                // standard output only if the file parses (a rejected file prints nothing there).
                let spool = OutputSpool()
                do {
                    try ParsedDockerfile.writeJSONArray(of: input.bytes) { spool.write($0) }
                } catch {
                    throw CommandFailure(error.at(file: input.displayName))
                }
                spool.write("\n")
                try spool.deliver()
            }
        }

        private func checkAll() throws {
            var paths = files
            if let filesFrom {
                let list = try InputFile(filesFrom, isDockerfile: false).bytes
                paths += list.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }.filter {
                    !$0.isEmpty
                }
            }
            var failures = 0
            var bytes = 0
            var reading = Duration.zero
            var parsing = Duration.zero
            let clock = ContinuousClock()
            for file in paths {
                do {
                    let start = clock.now
                    let input = try InputFile(file)
                    let read = clock.now
                    try input.check()
                    reading += read - start
                    parsing += clock.now - read
                    bytes += input.bytes.count
                } catch {
                    Console.error(error.message)
                    failures += 1
                }
            }
            if stats {
                let seconds = Double(parsing.components.seconds) + Double(parsing.components.attoseconds) / 1e18
                let readSeconds = Double(reading.components.seconds) + Double(reading.components.attoseconds) / 1e18
                let megabytes = Double(bytes) / 1e6
                Console.error(
                    "files: \(paths.count)  bytes: \(bytes)  read: \(Int(readSeconds * 1000)) ms  parse: \(Int(seconds * 1000)) ms  "
                        + "parse throughput: \(Int(megabytes / max(seconds, 1e-9))) MB/s")
            }
            if failures > 0 {
                throw CommandFailure("\(failures) of \(paths.count) files failed to parse", exitCode: ExitStatus.usage)
            }
        }
    }
}
