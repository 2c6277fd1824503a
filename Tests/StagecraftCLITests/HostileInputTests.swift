import Foundation
import TestSupport
import Testing

/// Inputs built to break a parser: each must end with exit code 0 or 2, never a crash, a trap or
/// a hang, and a rejected file must leave standard output empty.
@Suite final class HostileInputTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("hostile") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    static let cases: [(String, [UInt8])] = {
        func text(_ string: String) -> [UInt8] { Array(string.utf8) }
        var random = SeededGenerator(seed: 99)
        let soup = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &random) }
        let tokens = [
            "FROM", "RUN", "<<", "EOF", "\\", "`", "\n", "[", "]", "\"", "'", "${", "}", "#", "--", "=", " ", "\r\n", "ONBUILD",
        ]
        let tokenSoup = text((0..<5_000).map { _ in random.pick(tokens) }.joined())
        return [
            ("deep ONBUILD chain", text("FROM a\n" + String(repeating: "ONBUILD ", count: 8_000) + "RUN x\n")),
            (
                "deeply nested JSON",
                text("FROM a\nCMD " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "\n")
            ),
            (
                "deeply nested expansion",
                text(
                    "FROM a\nRUN " + String(repeating: "${a:-", count: 8_000) + "x" + String(repeating: "}", count: 8_000)
                        + " <<EOF\nhi\nEOF\n")
            ),
            ("long pattern", text("FROM a\nRUN ${a#" + String(repeating: "*a", count: 20_000) + "} <<EOF\nx\nEOF\n")),
            ("line over 64 KiB", text("FROM a\nRUN " + String(repeating: "x", count: 70_000) + "\n")),
            ("NUL bytes", text("FROM a\0\nRUN \0\0\n")),
            ("invalid UTF-8", [0xFF, 0xFE] + text("FROM a\nRUN ") + [0xC3, 0x28, 0xE2, 0x82] + text("\n")),
            ("only a BOM", [0xEF, 0xBB, 0xBF]),
            ("empty file", []),
            ("random bytes", soup),
            ("random tokens", tokenSoup),
            ("unterminated heredoc at end", text("FROM a\nRUN <<EOF")),
            ("continuation only", text("\\\n\\\n\\")),
            ("mount option without a key", text("FROM a\nRUN --mount=type=cache,=,= true,=x npm ci\n")),
            (
                "variables that double each other",
                text(
                    "ARG A=xx\n" + String(repeating: "ARG A=${A}${A}\n", count: 40) + "FROM alpine:${A}\nARG A\n"
                        + String(repeating: "ENV A=${A}${A}\n", count: 40) + "RUN echo $A\n")
            ),
        ]
    }()

    @Test(arguments: 0..<cases.count)
    func neverCrashesOrHangs(index: Int) throws {
        let (name, bytes) = Self.cases[index]
        let url = folder.appendingPathComponent("case\(index)")
        try Data(bytes).write(to: url)
        for command in [["parse", "--format", "json"], ["graph"], ["lint", "--format", "json"]] {
            let result = try ProcessRunner.run(Paths.stagecraft.path, command + [url.path], timeout: 60)
            #expect(!result.timedOut, "\(name): \(command[0]) timed out")
            #expect(!result.crashed, "\(name): \(command[0]) crashed: \(result.stderrText.prefix(300))")
            // lint also exits 1 for findings; a rejected file is 2 for every command.
            let accepted: Set<Int32> = command[0] == "lint" ? [0, 1, 2] : [0, 2]
            #expect(accepted.contains(result.status), "\(name): \(command[0]) exited \(result.status)")
            if result.status == 2 && command[0] != "lint" {
                #expect(result.stdout.isEmpty, "\(name): output on a rejected file")
                #expect(result.stderrText.contains("error:"), "\(name): \(result.stderrText.prefix(300))")
            }
        }
    }

    /// A line too long for BuildKit, piped in: rejected with BuildKit's message once the line is
    /// seen, without reading (or holding) the hundreds of megabytes behind it.
    @Test func standardInputStopsAtALineTooLong() throws {
        let script = "(printf 'FROM a\\nRUN '; head -c 200000000 /dev/zero | tr '\\0' x) | \"$0\" parse -"
        let result = try ProcessRunner.run("/bin/sh", ["-c", script, Paths.stagecraft.path], timeout: 120)
        #expect(result.status == 2)
        #expect(result.stderrText.contains("<stdin>:2:1: error: dockerfile line greater than max allowed size of 65535"))
    }
}
