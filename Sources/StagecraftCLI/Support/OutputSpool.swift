import Foundation

/// Output that must appear whole or not at all, written as it is made without being held in
/// memory: it goes to an unlinked temporary file and is copied to standard output only once the
/// command has succeeded. If the temporary file cannot be made, it is held in memory instead.
final class OutputSpool {
    private let file: UnsafeMutablePointer<FILE>?
    private var memory: [UInt8] = []
    /// Whether a write to the temporary file failed (reported by ``deliver()``).
    private var failed = false

    init() { file = tmpfile() }

    deinit { if let file { fclose(file) } }

    /// Writers hand over large pieces (a megabyte), which go straight to the file: a stdio buffer
    /// would only copy them once more.
    func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard var next = bytes.baseAddress else { return }
        guard let file else { return memory.append(contentsOf: bytes) }
        var left = bytes.count
        while left > 0 && !failed {
            let written = Foundation.write(fileno(file), next, left)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                failed = true
                break
            }
            next += written
            left -= written
        }
    }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { write($0) }
    }

    /// Copies everything written to standard output.
    func deliver() throws {
        guard let file else {
            FileHandle.standardOutput.write(Data(memory))
            return
        }
        guard !failed else {
            throw CommandFailure(
                "error: cannot write the output to a temporary file; check the space in \(NSTemporaryDirectory())")
        }
        rewind(file)
        // The kernel copies from the spool's pages to standard output; reading and writing
        // through a buffer is the fallback where it cannot (an old kernel, an odd descriptor).
        let descriptor = fileno(file)
        var sent = 0
        while true {
            let count = sendfile(STDOUT_FILENO, descriptor, nil, 1 << 30)
            if count < 0 && errno == EINTR { continue }
            if count > 0 {
                sent += count
                continue
            }
            if count == 0 { return }
            guard sent == 0, errno == EINVAL || errno == ENOSYS else { return }  // standard output closed
            break
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            guard count > 0 else { break }
            var offset = 0
            while offset < count {
                let written = chunk.withUnsafeBytes { buffer in
                    buffer.baseAddress.map { Foundation.write(STDOUT_FILENO, $0 + offset, count - offset) } ?? -1
                }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }  // standard output closed: nothing more to do
                offset += written
            }
        }
    }
}
