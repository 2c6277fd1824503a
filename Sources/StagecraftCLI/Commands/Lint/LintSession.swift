import Foundation
import StagecraftLint

/// Lints a list of files, applying or previewing fixes, and collects the report.
struct LintSession {
    enum Mode { case report, fix, diff }

    struct Result {
        var report: LintReport
        var diff: String
        /// Whether a file could not be read or parsed.
        var unusable: Bool
    }

    let configuration: LintConfiguration
    let targets: [String]

    func run(files: [String], mode: Mode) throws -> Result {
        let linter = Linter(configuration: configuration)
        var findings: [Finding] = []
        var sources: [String: DockerfileDocumentSource] = [:]
        var diff = ""
        var unusable = false
        for file in files {
            guard let bytes = InputFile.readFile(file) else {
                findings.append(
                    Finding(
                        ruleID: "unreadable", severity: .error, message: "cannot read the file; check its permissions",
                        file: file, line: 1))
                unusable = true
                continue
            }
            var current = bytes
            var fileFindings: [Finding]
            do {
                fileFindings = try lint(current, file: file, linter: linter)
                if mode != .report {
                    // Fixes may uncover or overlap others: repeat a few times until nothing changes.
                    for _ in 0..<4 {
                        let fixes = fileFindings.compactMap(\.fix)
                        guard !fixes.isEmpty else { break }
                        let fixed = try FixApplier.apply(fixes, to: current)
                        if fixed == current { break }
                        current = fixed
                        fileFindings = try lint(current, file: file, linter: linter)
                    }
                    if current != bytes {
                        if mode == .fix {
                            try AtomicFile.write(current, to: file)
                        } else {
                            diff += UnifiedDiff.render(
                                old: String(decoding: bytes, as: UTF8.self), new: String(decoding: current, as: UTF8.self),
                                path: file)
                        }
                    }
                }
            } catch let error as DockerfileSyntaxErrorBox {
                fileFindings = [error.finding]
                unusable = true
            }
            sources[file] = DockerfileDocumentSource(current)
            findings += fileFindings
        }
        return Result(report: LintReport(findings: findings, files: files, sources: sources), diff: diff, unusable: unusable)
    }

    private func lint(_ bytes: [UInt8], file: String, linter: Linter) throws -> [Finding] {
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
        let indexes = targets.compactMap { name in document.stages.first { $0.name == name.lowercased() }?.index }
        return linter.lint(document, targets: indexes.isEmpty ? nil : indexes)
    }
}

struct DockerfileSyntaxErrorBox: Error {
    var finding: Finding
}

/// Replaces a file's contents atomically: a sibling temporary file, then rename, keeping the mode.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).stagecraft-\(getpid())")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes)) else {
            throw CommandFailure("\(path): error: cannot write a temporary file beside it; check the folder's permissions")
        }
        var status = stat()
        if stat(path, &status) == 0 { chmod(temporary.path, status.st_mode & 0o7777) }
        guard rename(temporary.path, path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CommandFailure("\(path): error: cannot replace the file; check its permissions")
        }
    }
}
