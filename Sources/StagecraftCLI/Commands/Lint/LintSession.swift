import Foundation
import ParallelJobs
import StagecraftLint

/// Lints a list of files, applying or previewing fixes, and collects the report.
struct LintSession {
    enum Mode { case report, fix, diff }

    struct Result {
        var report: LintReport
        var diff: String
        /// Whether a file could not be read or parsed.
        var unusable: Bool

        /// Adds project findings (compose and context rules) and the compose files checked.
        mutating func merge(_ findings: [Finding], files: [String]) {
            report.findings = (report.findings + findings).sorted {
                ($0.file, $0.line, $0.ruleID) < ($1.file, $1.line, $1.ruleID)
            }
            report.files += files.filter { !report.files.contains($0) }
            if !findings.isEmpty { report.sources.merge(Self.sources(findings.map(\.file)), uniquingKeysWith: { a, _ in a }) }
        }

        private static func sources(_ files: [String]) -> [String: DockerfileDocumentSource] {
            var sources: [String: DockerfileDocumentSource] = [:]
            for file in Set(files) { if let bytes = InputFile.readFile(file) { sources[file] = DockerfileDocumentSource(bytes) } }
            return sources
        }
    }

    /// A Dockerfile and the stages built from it (names; "" is the last stage).
    struct Unit: Sendable {
        var path: String
        var targets: [String]
        /// Whether the user named the targets (`--target`): a name no stage has is then a usage
        /// error. Targets from compose files are checked by the compose rules instead.
        var targetsAreRequested = false
        /// Named build contexts the project's builds pass.
        var namedContexts: Set<String> = []
    }

    let configuration: LintConfiguration
    /// Whether the report shows source lines (text output), so sources are kept.
    var keepSources = true

    /// One file's outcome.
    struct FileResult: Sendable {
        var findings: [Finding]
        var source: DockerfileDocumentSource?
        var diff: String
        var unusable: Bool
        var failure: String?
    }

    func run(units: [Unit], mode: Mode) throws -> Result {
        let linter = Linter(configuration: configuration)
        let session = self
        let files = units.map(\.path)
        // Each file on a large stack: the parser recurses as deep as BuildKit accepts (see LargeStack).
        let results = ParallelJobs.map(count: units.count, stackSize: LargeStack.size) { index in
            session.process(units[index], mode: mode, linter: linter)
        }
        if let failure = results.compactMap(\.failure).first { throw CommandFailure(failure) }
        var sources: [String: DockerfileDocumentSource] = [:]
        for (file, result) in zip(files, results) { sources[file] = result.source }
        return Result(
            report: LintReport(findings: results.flatMap(\.findings), files: files, sources: sources),
            diff: results.map(\.diff).joined(), unusable: results.contains { $0.unusable })
    }

    /// Lints one file, fixing or diffing it as asked.
    func process(_ unit: Unit, mode: Mode, linter: Linter) -> FileResult {
        let file = unit.path
        guard let bytes = InputFile.readFile(file) else {
            var status = stat()
            let isSpecial = stat(file, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG
            let finding = Finding(
                ruleID: "unreadable", severity: .error,
                message: isSpecial
                    ? "is not a regular file (a FIFO, socket or device), so it is not read"
                    : "cannot read the file; check its permissions", file: file,
                line: 1)
            return FileResult(findings: [finding], source: nil, diff: "", unusable: true)
        }
        var current = bytes
        var result = FileResult(findings: [], source: nil, diff: "", unusable: false)
        do {
            result.findings = try lint(
                current, file: file, targets: unit.targets, linter: linter, namedContexts: unit.namedContexts)
            if unit.targetsAreRequested, let document = try? DockerfileDocument(path: file, source: current) {
                let names = document.stages.compactMap(\.name)
                if let unknown = unit.targets.first(where: { !$0.isEmpty && !names.contains($0.lowercased()) }) {
                    let listed = names.isEmpty ? "it has no named stages" : "its stages are \(names.joined(separator: ", "))"
                    result.failure = "\(file): error: --target \(unknown) names no stage; \(listed)"
                    return result
                }
            }
            if mode != .report {
                // Fixes may uncover or overlap others: repeat a few times until nothing changes.
                for _ in 0..<4 {
                    let fixes = result.findings.compactMap(\.fix)
                    guard !fixes.isEmpty else { break }
                    let fixed = try FixApplier.apply(fixes, to: current)
                    if fixed == current { break }
                    current = fixed
                    result.findings = try lint(
                        current, file: file, targets: unit.targets, linter: linter, namedContexts: unit.namedContexts)
                }
                if current != bytes {
                    if mode == .fix {
                        try AtomicFile.write(current, to: file)
                    } else {
                        result.diff = UnifiedDiff.render(
                            old: String(decoding: bytes, as: UTF8.self), new: String(decoding: current, as: UTF8.self), path: file
                        )
                    }
                }
            }
        } catch let error as DockerfileSyntaxErrorBox {
            result.findings = [error.finding]
            result.unusable = true
        } catch let error as CommandFailure {
            result.failure = error.message
        } catch {
            result.failure = "\(file): error: \(error)"
        }
        if keepSources { result.source = DockerfileDocumentSource(current) }
        return result
    }

    private func lint(
        _ bytes: [UInt8], file: String, targets: [String], linter: Linter, namedContexts: Set<String> = []
    ) throws -> [Finding] {
        let document: DockerfileDocument
        do {
            document = try DockerfileDocument(path: file, source: bytes)
        } catch {
            throw DockerfileSyntaxErrorBox(
                finding: Finding(
                    ruleID: "syntax-error", severity: .error, message: "\(error.message); \(error.hint)", file: file,
                    line: error.line,
                    column: error.column))
        }
        let indexes = targets.compactMap { name in
            name.isEmpty
                ? (document.stages.isEmpty ? nil : document.stages.count - 1)
                : document.stages.first { $0.name == name.lowercased() }?.index
        }
        return linter.lint(
            document, targets: indexes.isEmpty ? nil : Array(Set(indexes)).sorted(), namedContexts: namedContexts)
    }
}

struct DockerfileSyntaxErrorBox: Error {
    var finding: Finding
}

/// Replaces a file's contents atomically: a sibling temporary file, then rename. The write goes
/// to the real file behind a symbolic link (the link stays a link), keeps the owner, group and
/// mode, and refuses a read-only file. A file with other hard links is rewritten in place
/// instead, so every name keeps seeing the same file.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String) throws {
        let real = DockerfileDiscovery.realPath(path) ?? path
        var status = stat()
        guard stat(real, &status) == 0 else {
            throw CommandFailure("\(path): error: cannot be read any more; it was not changed")
        }
        guard status.st_mode & 0o222 != 0, access(real, W_OK) == 0 else {
            throw CommandFailure("\(path): error: is read-only; it was not changed (make it writable to apply fixes)")
        }
        if status.st_nlink > 1 {
            guard let handle = FileHandle(forWritingAtPath: real) else {
                throw CommandFailure("\(path): error: cannot be opened for writing; it was not changed")
            }
            defer { try? handle.close() }
            do {
                try handle.truncate(atOffset: 0)
                try handle.write(contentsOf: Data(bytes))
            } catch {
                throw CommandFailure("\(path): error: writing it failed: \(error)")
            }
            return
        }
        let url = URL(fileURLWithPath: real)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).stagecraft-\(getpid())-\(UUID().uuidString.prefix(8))")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes)) else {
            throw CommandFailure("\(path): error: cannot write a temporary file beside it; check the folder's permissions")
        }
        chmod(temporary.path, status.st_mode & 0o7777)
        // Keep the owner and group; without the right to (not root), the new file is the user's own.
        _ = chown(temporary.path, status.st_uid, status.st_gid)
        guard rename(temporary.path, real) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CommandFailure("\(path): error: cannot replace the file; check its permissions")
        }
    }
}
