import DockerfileStages
import DockerfileSyntax
import Foundation
import StagecraftCompose
import StagecraftReporting

/// A Dockerfile named on the command line (`-` for standard input), read and parsed.
struct InputFile {
    /// The name used in messages.
    let displayName: String
    let bytes: [UInt8]

    /// Reads `path`, or standard input for `-`. A Dockerfile read from standard input is read
    /// only up to a line the parser will reject for its length (so gigabytes piped in are not
    /// held to report line 3); `isDockerfile: false` reads a list whole.
    /// - Throws: ``CommandFailure`` (exit 2) when the file cannot be read.
    init(_ path: String, isDockerfile: Bool = true) throws(CommandFailure) {
        if path == "-" {
            displayName = "<stdin>"
            bytes =
                isDockerfile
                ? Self.readStandardInput(stopAfterLine: DockerfileParser.maxLineBytes)
                : [UInt8](FileHandle.standardInput.readDataToEndOfFile())
            return
        }
        displayName = path
        if let contents = Self.readFile(path) {
            bytes = contents
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure("\(path): error: no such file; pass the path of a Dockerfile, or - to read standard input")
        }
        guard !isDirectory.boolValue else {
            throw CommandFailure("\(path): error: is a directory; pass the Dockerfile inside it, e.g. \(path)/Dockerfile")
        }
        var status = stat()
        if stat(path, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG {
            throw CommandFailure("\(path): error: is not a regular file (a FIFO, socket or device); pass a Dockerfile")
        }
        throw CommandFailure("\(path): error: cannot be read; check its permissions")
    }

    /// Standard input in chunks, stopping once a line is longer than `limit` bytes: what follows
    /// cannot change the parser's answer (that line is an error), so it is not read.
    static func readStandardInput(stopAfterLine limit: Int) -> [UInt8] {
        var result: [UInt8] = []
        var lineLength = 0
        var tooLong = false
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while !tooLong {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            for byte in chunk[0..<count] {
                lineLength = byte == 0x0A ? 0 : lineLength + 1
                if lineLength > limit { tooLong = true }
            }
            result += chunk[0..<count]
        }
        return result
    }

    /// Reads a regular file with one open and one read; `nil` when it is not a readable file.
    static func readFile(_ path: String) -> [UInt8]? { TextFile.bytes(path, limit: Int.max) }

    /// Parses the file; a syntax error becomes `file:line:column: error: …` with exit code 2.
    func parse() throws(CommandFailure) -> ParsedDockerfile {
        do {
            return try DockerfileParser.parse(bytes)
        } catch {
            throw CommandFailure(error.at(file: displayName))
        }
    }

    /// Checks that the file parses, keeping no instruction (memory stays near the file's size).
    func check() throws(CommandFailure) {
        do {
            _ = try DockerfileParser.forEachInstruction(bytes) { _ in }
        } catch {
            throw CommandFailure(error.at(file: displayName))
        }
    }

    /// Builds the stage graph; a structural error becomes `file:line:column: error: …`.
    func graph(buildArgs: [String: String], platform: PlatformArgs) throws(CommandFailure) -> StageGraph {
        let parsed = try parse()
        do {
            return try StageGraphBuilder(buildArgs: buildArgs, platform: platform).build(parsed)
        } catch {
            throw CommandFailure(error.at(file: displayName))
        }
    }
}

/// Parses `--build-arg K=V` values.
func parseBuildArgs(_ values: [String]) throws(CommandFailure) -> [String: String] {
    var result: [String: String] = [:]
    for value in values {
        guard let equals = value.firstIndex(of: "="), equals != value.startIndex else {
            if let env = ProcessInfo.processInfo.environment[value] {
                result[value] = env
                continue
            }
            throw CommandFailure("error: --build-arg \(value) needs the form NAME=value (or NAME set in the environment)")
        }
        result[String(value[..<equals])] = String(value[value.index(after: equals)...])
    }
    return result
}
