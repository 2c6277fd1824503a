import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain-HTTP GET over a socket, for probing services in containers: one request, the
/// connection closed after the answer, chunked bodies decoded, everything bounded by a
/// timeout. (Foundation's URLSession would bring libcurl and its TLS stack into every
/// command's start-up, for requests that never leave the host.)
public enum HTTPGet {
    public struct Response: Sendable, Equatable {
        public var status: Int
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]

        public var text: String { String(decoding: body, as: UTF8.self) }

        public static func == (left: Response, right: Response) -> Bool {
            left.status == right.status && left.body == right.body
                && left.headers.map { [$0.name, $0.value] } == right.headers.map { [$0.name, $0.value] }
        }
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The largest answer read; a probe needs a status and a short body.
    static let limit = 4 << 20

    /// GETs `path` from `host` (a name or address) at `port`, within `timeout` seconds.
    public static func get(host: String, port: Int, path: String, timeout: Double) -> Result<Response, Failure> {
        let deadline = ProcessInfo.processInfo.systemUptime + timeout
        let handle: Int32
        switch open(host: host, port: port, deadline: deadline) {
        case .success(let connected): handle = connected
        case .failure(let failure): return .failure(failure)
        }
        defer { close(handle) }
        let hostField = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        let request = Array(
            "GET \(path.isEmpty ? "/" : path) HTTP/1.1\r\nHost: \(hostField)\r\nUser-Agent: stagecraft\r\nAccept: */*\r\nConnection: close\r\n\r\n"
                .utf8)
        if let failure = write(request, to: handle, deadline: deadline) { return .failure(failure) }
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while answer.count < limit {
            guard wait(handle, for: Int16(POLLIN), deadline: deadline) else {
                return .failure(Failure(description: "timed out after \(timeout)s waiting for the answer"))
            }
            let count = chunk.withUnsafeMutableBytes { recv(handle, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failure(Failure(description: "reading the answer failed: \(String(cString: strerror(errno)))"))
            }
            answer.append(contentsOf: chunk[0..<count])
        }
        return parse(answer)
    }

    /// Splits an HTTP/1.x answer into status, headers and body (chunked or not).
    static func parse(_ answer: [UInt8]) -> Result<Response, Failure> {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = answer.firstRange(of: separator) else {
            return .failure(Failure(description: "the answer is not HTTP (no end of headers in \(answer.count) bytes)"))
        }
        let head = String(decoding: answer[..<end.lowerBound], as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            return .failure(Failure(description: "the answer is not HTTP: \(statusLine.prefix(80))"))
        }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(answer[end.upperBound...])
        let chunked = headers.contains {
            $0.name.lowercased() == "transfer-encoding" && $0.value.lowercased().contains("chunked")
        }
        if chunked {
            guard let decoded = dechunk(body) else {
                return .failure(Failure(description: "the chunked body is malformed"))
            }
            body = decoded
        }
        return .success(Response(status: status, headers: headers, body: body))
    }

    /// Decodes `size-in-hex[;extensions]\r\n data \r\n ... 0\r\n\r\n`; nil when malformed.
    static func dechunk(_ bytes: [UInt8]) -> [UInt8]? {
        var result: [UInt8] = []
        var index = 0
        while true {
            guard let lineEnd = bytes[index...].firstRange(of: [13, 10]) else { return nil }
            let sizeText = String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self)
            let hex = sizeText.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let size = Int(hex, radix: 16), size >= 0 else { return nil }
            index = lineEnd.upperBound
            if size == 0 { return result }
            // Compared without adding: a size near Int.max must not overflow.
            guard size <= bytes.count - index else { return nil }
            result.append(contentsOf: bytes[index..<index + size])
            index += size
            guard index + 2 <= bytes.count, bytes[index] == 13, bytes[index + 1] == 10 else { return nil }
            index += 2
        }
    }

    /// A connected socket to the first of the host's addresses that answers.
    private static func open(host: String, port: Int, deadline: Double) -> Result<Int32, Failure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            return .failure(Failure(description: "cannot resolve \(host): \(String(cString: gai_strerror(status)))"))
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            candidate = address.pointee.ai_next
            let handle = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            guard handle >= 0 else {
                lastError = String(cString: strerror(errno))
                continue
            }
            _ = fcntl(handle, F_SETFD, FD_CLOEXEC)
            _ = fcntl(handle, F_SETFL, fcntl(handle, F_GETFL) | O_NONBLOCK)
            if connect(handle, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return .success(handle) }
            if errno == EINPROGRESS, wait(handle, for: Int16(POLLOUT), deadline: deadline) {
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(handle, SOL_SOCKET, SO_ERROR, &error, &length)
                if error == 0 { return .success(handle) }
                lastError = String(cString: strerror(error))
            } else {
                lastError = errno == EINPROGRESS ? "timed out connecting" : String(cString: strerror(errno))
            }
            close(handle)
        }
        return .failure(Failure(description: "cannot connect to \(host):\(port): \(lastError)"))
    }

    private static func write(_ bytes: [UInt8], to handle: Int32, deadline: Double) -> Failure? {
        var sent = 0
        while sent < bytes.count {
            guard wait(handle, for: Int16(POLLOUT), deadline: deadline) else {
                return Failure(description: "timed out sending the request")
            }
            let count = bytes.withUnsafeBytes { whole in
                send(handle, whole.baseAddress.map { $0 + sent }, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return Failure(description: "sending the request failed: \(String(cString: strerror(errno)))")
            }
            sent += count
        }
        return nil
    }

    /// Waits until the socket is ready for `events` or the deadline passes.
    private static func wait(_ handle: Int32, for events: Int16, deadline: Double) -> Bool {
        while true {
            let left = deadline - ProcessInfo.processInfo.systemUptime
            guard left > 0 else { return false }
            var descriptor = pollfd(fd: handle, events: events, revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(left * 1000, Double(Int32.max)).rounded(.up)))
            if ready > 0 { return true }
            if ready < 0 && errno == EINTR { continue }
            return false
        }
    }
}
