import Foundation

/// What one command measured about one image (or one service's build), with where and when: a
/// row of the history. Fields a command does not measure stay nil (a build has no efficiency;
/// an inspect has no build time).
public struct RunRecord: Sendable, Equatable, Codable {
    public var id: Int64?
    public var recordedAt: Date
    public var project: String
    /// The command that measured it: `build`, `inspect`, `test`, `scan`.
    public var command: String
    public var gitCommit: String?
    public var branch: String?
    public var dirty: Bool?
    /// The compose service, or for a bare image its name.
    public var service: String
    /// The build target (stage), or `""`.
    public var target: String
    public var image: String?
    public var imageID: String?
    public var sizeBytes: Int64?
    public var layers: Int?
    public var buildSeconds: Double?
    public var cacheHitRate: Double?
    public var efficiency: Double?
    public var wastedBytes: Int64?
    public var testsPassed: Int?
    public var testsFailed: Int?
    public var vulnerabilities: Int?
    /// Anything else, as JSON (per-step times, for one).
    public var details: String?

    public init(
        recordedAt: Date = Date(), project: String, command: String, service: String, target: String = "",
        git: GitState? = nil
    ) {
        self.recordedAt = recordedAt
        self.project = project
        self.command = command
        self.service = service
        self.target = target
        gitCommit = git?.commit
        branch = git?.branch
        dirty = git?.dirty
    }

    /// `service` or `service:target`.
    public var subject: String { target.isEmpty ? service : "\(service):\(target)" }

    /// What `details` holds, as JSON.
    private struct Details: Codable {
        /// The ids of the high and critical vulnerabilities a scan found.
        var severe: [String]?
    }

    private var detailsObject: Details {
        get { details.flatMap { try? JSONDecoder().decode(Details.self, from: Data($0.utf8)) } ?? Details() }
        set {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            details = (try? encoder.encode(newValue)).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// The ids of the high and critical vulnerabilities a scan found (kept in `details`), for the
    /// gate on new ones.
    public var severeVulnerabilities: [String]? {
        get { detailsObject.severe }
        set { detailsObject.severe = newValue }
    }
}

/// The git commit, branch and dirty flag of a working tree, when it is one.
public struct GitState: Sendable, Equatable {
    public var commit: String
    public var branch: String?
    public var dirty: Bool

    public init(commit: String, branch: String?, dirty: Bool) {
        self.commit = commit
        self.branch = branch
        self.dirty = dirty
    }

    /// Reads `git` in `directory`; nil outside a repository or without git. In CI the branch
    /// comes from the environment when the checkout is detached (`GITHUB_HEAD_REF`,
    /// `GITHUB_REF_NAME`, `CI_COMMIT_REF_NAME`).
    public static func read(in directory: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> GitState?
    {
        func git(_ arguments: [String]) -> String? { Self.git(arguments, in: directory) }
        guard let commit = git(["rev-parse", "HEAD"]), !commit.isEmpty else { return nil }
        var branch = git(["rev-parse", "--abbrev-ref", "HEAD"])
        if branch == "HEAD" || branch?.isEmpty == true {
            branch = ["GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_COMMIT_REF_NAME"].lazy.compactMap { environment[$0] }
                .first { !$0.isEmpty }
        }
        let status = git(["status", "--porcelain", "--untracked-files=no"]) ?? ""
        return GitState(commit: commit, branch: branch, dirty: !status.isEmpty)
    }

    /// The commit `revision` (`HEAD~1`, a branch, a commit or a prefix of one) names in the
    /// repository at `directory`; nil when it names none.
    public static func revision(_ revision: String, in directory: String) -> String? {
        guard !revision.hasPrefix("-") else { return nil }
        return git(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: directory).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// What `git -C directory arguments` prints, trimmed; nil when git fails or is missing.
    private static func git(_ arguments: [String], in directory: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
