import Foundation
import Testing

@testable import ContainerEngine

/// Output a child writes is kept up to a limit (its tail), never whole.
struct CaptureLimitTests {
    /// `/bin/sh` stands in for the docker client: the capture does not care what runs.
    let shell = DockerClient(executable: "/bin/sh")

    @Test func keepsTheTailAndCountsWhatWasDropped() {
        let captured = shell.capture(
            ["-c", "head -c 3000000 /dev/zero; printf END; head -c 200000 /dev/zero >&2; printf ERR >&2"], keep: 1000)
        #expect(captured.status == 0)
        #expect(captured.stdout.count == 1000)
        #expect(captured.stdout.suffix(3) == Array("END".utf8)[...])
        #expect(captured.stdoutDropped == 3_000_003 - 1000)
        #expect(captured.stderr.hasSuffix("ERR") && captured.stderr.utf8.count == 1000)
        #expect(captured.stderrDropped == 200_003 - 1000)
    }

    @Test func smallOutputIsKeptWhole() {
        let captured = shell.capture(["-c", "echo hello; exit 3"])
        #expect(captured.status == 3 && captured.text == "hello\n" && captured.stdoutDropped == 0)
    }

    @Test func aTailBufferNeverHoldsMuchMoreThanTwiceItsLimit() {
        var buffer = TailBuffer(limit: 10)
        for index in 0..<100_000 { buffer.append([UInt8(truncatingIfNeeded: index)][...]) }
        let kept = buffer.finish()
        #expect(kept.count == 10 && buffer.dropped == 99_990)
        #expect(kept.last == UInt8(truncatingIfNeeded: 99_999))
    }

    @Test func aLineWithNoEndIsHandedOnInPieces() throws {
        var longest = 0
        var total = 0
        let status = try shell.stream(["-c", "head -c 5000000 /dev/zero | tr '\\\\0' a"]) { line in
            longest = max(longest, line.utf8.count)
            total += line.utf8.count
        }
        #expect(status == 0 && total == 5_000_000)
        #expect(longest <= (1 << 20) + (1 << 16))
    }
}
