import Foundation
import PostgresClient
import SQLiteFile
import StagecraftReporting

/// The run history: in an SQLite file (`.stagecraft/history.db` by default), or on a PostgreSQL
/// server that a team's CI jobs share. Every recording is one transaction, so several jobs
/// recording at once lose nothing and a process killed mid-write leaves the history as it was.
public final class HistoryStore {
    public static let schemaVersion: Int32 = 1
    private let database: any HistoryDatabase
    /// The file, or the server's URL with its password masked.
    public var location: String { database.location }

    /// What a run records, in the order `record` binds them; the database numbers runs itself.
    static let recorded = """
        recorded_at, project, command, git_commit, branch, dirty, service, target, image, image_id, size_bytes, layers,
        build_seconds, cache_hit_rate, efficiency, wasted_bytes, tests_passed, tests_failed, vulnerabilities, details
        """
    static let columns = "id, " + recorded

    /// The history in the SQLite file at `path`, created (with its folder) when `create` is true.
    public init(path: String, create: Bool = true) throws(FileProblem) {
        database = try SQLiteHistory(path: path, create: create)
    }

    /// Whether `location` names a PostgreSQL server (a `postgres://` or `postgresql://` URL)
    /// rather than a file.
    public static func isServer(_ location: String) -> Bool { PostgresConnection.isURL(location) }

    /// The history at `location`: a `postgres://` or `postgresql://` URL, else an SQLite file.
    public init(location: String, create: Bool = true) throws(FileProblem) {
        if Self.isServer(location) {
            database = try PostgresHistory(url: location, create: create)
        } else {
            database = try SQLiteHistory(path: location, create: create)
        }
    }

    /// Records `runs` in one transaction; returns them with their ids.
    @discardableResult
    public func record(_ runs: [RunRecord]) throws(FileProblem) -> [RunRecord] {
        var stored: [RunRecord] = []
        try database.transaction { () throws(FileProblem) in
            for run in runs {
                func optional<T>(_ value: T?, _ wrap: (T) -> SQLiteFile.Value) -> SQLiteFile.Value { value.map(wrap) ?? .null }
                var saved = run
                try database.query(
                    "INSERT INTO runs (\(Self.recorded)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    [
                        .real(run.recordedAt.timeIntervalSince1970), .text(run.project),
                        .text(run.command), optional(run.gitCommit) { .text($0) }, optional(run.branch) { .text($0) },
                        optional(run.dirty) { .integer($0 ? 1 : 0) }, .text(run.service), .text(run.target),
                        optional(run.image) { .text($0) }, optional(run.imageID) { .text($0) },
                        optional(run.sizeBytes) { .integer($0) }, optional(run.layers) { .integer(Int64($0)) },
                        optional(run.buildSeconds) { .real($0) }, optional(run.cacheHitRate) { .real($0) },
                        optional(run.efficiency) { .real($0) }, optional(run.wastedBytes) { .integer($0) },
                        optional(run.testsPassed) { .integer(Int64($0)) }, optional(run.testsFailed) { .integer(Int64($0)) },
                        optional(run.vulnerabilities) { .integer(Int64($0)) }, optional(run.details) { .text($0) },
                    ]
                ) { saved.id = $0.integer(0) }
                stored.append(saved)
            }
        }
        return stored
    }

    /// What to list.
    public struct Filter: Sendable {
        public var project: String?
        public var service: String?
        public var target: String?
        public var command: String?
        public var branch: String?
        /// Only runs at this git commit (its full id or a prefix of it).
        public var commit: String?
        /// Only the run with this id.
        public var id: Int64?
        /// Only runs at another commit than this one.
        public var otherThanCommit: String?
        /// Only runs with no uncommitted changes.
        public var committedOnly = false
        /// Only runs recorded before this id (for a baseline).
        public var before: Int64?
        public var limit: Int?

        public init(
            project: String? = nil, service: String? = nil, target: String? = nil, command: String? = nil,
            branch: String? = nil, commit: String? = nil, id: Int64? = nil, before: Int64? = nil, limit: Int? = nil
        ) {
            self.project = project
            self.service = service
            self.target = target
            self.command = command
            self.branch = branch
            self.commit = commit
            self.id = id
            self.before = before
            self.limit = limit
        }
    }

    /// The newest run of each project, subject and command.
    public func newestRuns(project: String? = nil) throws(FileProblem) -> [RunRecord] {
        try runs(Filter(project: project), newestOnly: true)
    }

    /// The runs `filter` selects, newest first.
    public func runs(_ filter: Filter = Filter()) throws(FileProblem) -> [RunRecord] { try runs(filter, newestOnly: false) }

    private func runs(_ filter: Filter, newestOnly: Bool) throws(FileProblem) -> [RunRecord] {
        var conditions: [String] = []
        var values: [SQLiteFile.Value] = []
        for (column, value) in [
            ("project", filter.project), ("service", filter.service), ("target", filter.target),
            ("command", filter.command), ("branch", filter.branch),
        ] {
            if let value {
                conditions.append("\(column) = ?")
                values.append(.text(value))
            }
        }
        if let commit = filter.commit {
            conditions.append("git_commit LIKE ?")
            values.append(.text(commit.filter { $0.isHexDigit } + "%"))
        }
        if let other = filter.otherThanCommit {
            conditions.append("(git_commit IS NULL OR git_commit <> ?)")
            values.append(.text(other))
        }
        if filter.committedOnly {
            conditions.append("(dirty IS NULL OR dirty = 0)")
        }
        if let id = filter.id {
            conditions.append("id = ?")
            values.append(.integer(id))
        }
        if let before = filter.before {
            conditions.append("id < ?")
            values.append(.integer(before))
        }
        if newestOnly {
            conditions.append("id IN (SELECT max(id) FROM runs GROUP BY project, service, target, command)")
        }
        var sql = "SELECT \(Self.columns) FROM runs"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY id DESC"
        if let limit = filter.limit { sql += " LIMIT \(max(0, limit))" }
        var found: [RunRecord] = []
        try database.query(sql, values) { row in
            var run = RunRecord(
                recordedAt: Date(timeIntervalSince1970: row.real(1)), project: row.text(2), command: row.text(3),
                service: row.text(7), target: row.text(8))
            run.id = row.integer(0)
            run.gitCommit = row.optionalText(4)
            run.branch = row.optionalText(5)
            run.dirty = row.optionalInteger(6).map { $0 != 0 }
            run.image = row.optionalText(9)
            run.imageID = row.optionalText(10)
            run.sizeBytes = row.optionalInteger(11)
            run.layers = row.optionalInteger(12).map(Int.init)
            run.buildSeconds = row.optionalReal(13)
            run.cacheHitRate = row.optionalReal(14)
            run.efficiency = row.optionalReal(15)
            run.wastedBytes = row.optionalInteger(16)
            run.testsPassed = row.optionalInteger(17).map(Int.init)
            run.testsFailed = row.optionalInteger(18).map(Int.init)
            run.vulnerabilities = row.optionalInteger(19).map(Int.init)
            run.details = row.optionalText(20)
            found.append(run)
        }
        return found
    }

    /// The run `run` is compared with: the last earlier run of the same project, subject and
    /// command, on `branch` when one is given. When `run` has a commit, the baseline is a run of
    /// another commit with no uncommitted changes: building the same commit again does not make
    /// a regression its own baseline.
    public func baseline(for run: RunRecord, branch: String?) throws(FileProblem) -> RunRecord? {
        var filter = Filter(
            project: run.project, service: run.service, target: run.target, command: run.command, branch: branch,
            before: run.id, limit: 1)
        if let commit = run.gitCommit {
            filter.otherThanCommit = commit
            filter.committedOnly = true
        }
        return try runs(filter).first
    }

    /// Keeps the newest `keep` runs of each project, subject and command; returns how many went.
    @discardableResult
    public func prune(keepingLast keep: Int) throws(FileProblem) -> Int {
        var removed = 0
        try database.transaction { () throws(FileProblem) in
            let before = try database.integer("SELECT count(*) FROM runs")
            try database.run(
                """
                DELETE FROM runs WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER (
                    PARTITION BY project, service, target, command ORDER BY id DESC) AS n FROM runs) AS ranked WHERE n > ?)
                """, [.integer(Int64(max(0, keep)))])
            removed = Int(before - (try database.integer("SELECT count(*) FROM runs")))
        }
        return removed
    }

    /// The number of runs recorded.
    public func count() throws(FileProblem) -> Int { Int(try database.integer("SELECT count(*) FROM runs")) }
}
