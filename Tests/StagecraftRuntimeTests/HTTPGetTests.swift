import Foundation
import TestSupport
import Testing

@testable import StagecraftRuntime

/// The probe client against a real HTTP server (Python's), on loopback.
@Suite(.serialized) struct HTTPGetTests {
    static let server = """
        import http.server, sys, time
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args): pass
            def do_GET(self):
                if self.path == "/health":
                    body = b"ok " + self.headers["Host"].encode()
                    self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
                    self.wfile.write(body)
                elif self.path == "/chunked":
                    self.send_response(200); self.send_header("Transfer-Encoding", "chunked"); self.end_headers()
                    for part in [b"first ", b"second;", b""]:
                        self.wfile.write(b"%x;ext=1\\r\\n%s\\r\\n" % (len(part), part))
                elif self.path == "/slow":
                    time.sleep(3)
                else:
                    self.send_response(404); self.send_header("Content-Length", "7"); self.end_headers()
                    self.wfile.write(b"missing")
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        with open(sys.argv[1] + ".tmp", "w") as handle: handle.write(str(server.server_address[1]))
        import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
        server.serve_forever()
        """

    /// Runs `body` with the port of a server that lives as long as the call (it writes its port
    /// to a file when it listens).
    func withServer(_ body: (Int) throws -> Void) throws {
        let folder = try Paths.temporaryDirectory("http")
        defer { try? FileManager.default.removeItem(at: folder) }
        let portFile = folder.appendingPathComponent("port")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.server, portFile.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer {
            // SIGKILL: the test process may block SIGTERM, and children inherit the mask.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(20)
        var port: Int?
        while port == nil && Date() < deadline && process.isRunning {
            port = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0) }
            if port == nil { Thread.sleep(forTimeInterval: 0.02) }
        }
        try body(try #require(port, "the test server did not start"))
    }

    @Test func readsStatusBodyAndChunkedAnswers() throws {
        try withServer { port in
            let health = try HTTPGet.get(host: "127.0.0.1", port: port, path: "/health", timeout: 5).get()
            #expect(health.status == 200 && health.text == "ok 127.0.0.1:\(port)")
            let chunked = try HTTPGet.get(host: "127.0.0.1", port: port, path: "/chunked", timeout: 5).get()
            #expect(chunked.status == 200 && chunked.text == "first second;")
            let missing = try HTTPGet.get(host: "127.0.0.1", port: port, path: "/nope", timeout: 5).get()
            #expect(missing.status == 404 && missing.text == "missing")
        }
    }

    @Test func failuresSayWhatHappened() throws {
        try withServer { port in
            let slow = HTTPGet.get(host: "127.0.0.1", port: port, path: "/slow", timeout: 0.5)
            guard case .failure(let failure) = slow else {
                Issue.record("a server that does not answer in time is a failure")
                return
            }
            #expect(failure.description.contains("timed out"))
        }
        // Nothing listens on port 1 of loopback.
        guard case .failure(let refused) = HTTPGet.get(host: "127.0.0.1", port: 1, path: "/", timeout: 2) else {
            Issue.record("a refused connection is a failure")
            return
        }
        #expect(refused.description.contains("cannot connect to 127.0.0.1:1"))
    }

    @Test func rejectsAnswersThatAreNotHTTP() {
        guard case .failure(let failure) = HTTPGet.parse(Array("SSH-2.0-OpenSSH\r\n\r\n".utf8)) else {
            Issue.record("not HTTP")
            return
        }
        #expect(failure.description.contains("not HTTP"))
        #expect(HTTPGet.dechunk(Array("5\r\nabc".utf8)) == nil)
        #expect(HTTPGet.dechunk(Array("3\r\nabc\r\n0\r\n\r\n".utf8)) == Array("abc".utf8))
        // A chunk size of Int.max is malformed, not an overflow.
        #expect(HTTPGet.dechunk(Array("7fffffffffffffff\r\nabc\r\n0\r\n\r\n".utf8)) == nil)
        #expect(HTTPGet.dechunk(Array("ffffffffffffffffff\r\nabc\r\n".utf8)) == nil)
    }
}
