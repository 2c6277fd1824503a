import CSQLite
import Foundation
import StagecraftReporting

/// Advisories imported once into an indexed SQLite file, so a scan loads only the records for the
/// packages an image holds. The database records each source it was built from (path, count, when
/// it was imported) so a scan can say how old its data is. The schema is versioned
/// (`PRAGMA user_version`); a database from a newer stagecraft is refused, not misread, and one
/// from an older one is migrated in place. Records are keyed by source and id: the same CVE id
/// comes from several feeds (Alpine's branches, Debian's tracker).
public final class AdvisoryDatabase {
    public static let schemaVersion: Int32 = 2

    /// One imported source.
    public struct Source: Sendable, Equatable {
        public var path: String
        public var advisories: Int
        public var importedAt: Date

        public init(path: String, advisories: Int, importedAt: Date) {
            self.path = path
            self.advisories = advisories
            self.importedAt = importedAt
        }
    }

    private let handle: OpaquePointer
    public let path: String

    /// Opens (and, when `create` is true, creates) the database at `path`.
    public init(path: String, create: Bool = false) throws(FileProblem) {
        self.path = path
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw FileProblem(path, "no advisory database here", remedy: "build one with stagecraft db import SOURCE...")
        }
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_FULLMUTEX
        guard sqlite3_open_v2(path, &opened, flags, nil) == SQLITE_OK, let opened else {
            sqlite3_close(opened)
            throw FileProblem(path, "cannot be opened as an SQLite database")
        }
        handle = opened
        sqlite3_busy_timeout(handle, 5000)
        let version = try integer("PRAGMA user_version")
        if version > Self.schemaVersion {
            throw FileProblem(
                path, "was written by a newer stagecraft (schema \(version); this one reads \(Self.schemaVersion))",
                remedy: "rebuild it with this version's stagecraft db import, or upgrade stagecraft")
        }
        if version == 0 {
            let tables = try integer("SELECT count(*) FROM sqlite_master")
            guard create || tables == 0 else {
                throw FileProblem(path, "is an SQLite file but not an advisory database", remedy: "name the file db import wrote")
            }
            try execute(
                """
                PRAGMA journal_mode = WAL;
                BEGIN;
                CREATE TABLE IF NOT EXISTS sources (path TEXT PRIMARY KEY, advisories INTEGER NOT NULL, imported_at REAL NOT NULL);
                CREATE TABLE IF NOT EXISTS advisories (
                    source TEXT NOT NULL, id TEXT NOT NULL, record BLOB NOT NULL, PRIMARY KEY (source, id));
                CREATE TABLE IF NOT EXISTS affected (ecosystem TEXT NOT NULL, name TEXT NOT NULL, source TEXT NOT NULL, advisory TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS affected_package ON affected (ecosystem, name);
                PRAGMA user_version = \(Self.schemaVersion);
                COMMIT;
                """)
        } else if version == 1 {
            // Schema 1 keyed advisories by id alone; each affected row takes its advisory's source.
            try execute(
                """
                BEGIN IMMEDIATE;
                CREATE TABLE advisories_2 (
                    source TEXT NOT NULL, id TEXT NOT NULL, record BLOB NOT NULL, PRIMARY KEY (source, id));
                INSERT INTO advisories_2 (source, id, record) SELECT source, id, record FROM advisories;
                ALTER TABLE affected ADD COLUMN source TEXT NOT NULL DEFAULT '';
                UPDATE affected SET source = (SELECT a.source FROM advisories a WHERE a.id = affected.advisory);
                DROP TABLE advisories;
                ALTER TABLE advisories_2 RENAME TO advisories;
                PRAGMA user_version = 2;
                COMMIT;
                """)
        }
    }

    deinit { sqlite3_close(handle) }

    /// Replaces what `source` brought with `advisories`, in one transaction.
    public func importAdvisories(_ advisories: [Advisory], from source: String, at date: Date = Date()) throws(FileProblem) {
        let encoder = JSONEncoder()
        try execute("BEGIN IMMEDIATE")
        do throws(FileProblem) {
            try run("DELETE FROM affected WHERE source = ?", [.text(source)])
            try run("DELETE FROM advisories WHERE source = ?", [.text(source)])
            for advisory in advisories {
                let record: Data
                do { record = try encoder.encode(advisory) } catch {
                    throw FileProblem(advisory.source, "cannot be stored: \(error)")
                }
                try run("DELETE FROM affected WHERE source = ? AND advisory = ?", [.text(source), .text(advisory.id)])
                try run(
                    "INSERT OR REPLACE INTO advisories (source, id, record) VALUES (?, ?, ?)",
                    [.text(source), .text(advisory.id), .blob(record)])
                for affected in advisory.affected {
                    try run(
                        "INSERT INTO affected (ecosystem, name, source, advisory) VALUES (?, ?, ?, ?)",
                        [
                            .text(affected.ecosystem), .text(normalisedPackageName(affected.name, ecosystem: affected.ecosystem)),
                            .text(source), .text(advisory.id),
                        ])
                }
            }
            try run(
                "INSERT OR REPLACE INTO sources (path, advisories, imported_at) VALUES (?, ?, ?)",
                [.text(source), .integer(Int64(advisories.count)), .real(date.timeIntervalSince1970)])
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The imported sources.
    public func sources() throws(FileProblem) -> [Source] {
        var result: [Source] = []
        try query("SELECT path, advisories, imported_at FROM sources ORDER BY path", []) { row in
            result.append(
                Source(
                    path: text(row, 0), advisories: Int(sqlite3_column_int64(row, 1)),
                    importedAt: Date(timeIntervalSince1970: sqlite3_column_double(row, 2))))
        }
        return result
    }

    /// The number of advisories stored.
    public func count() throws(FileProblem) -> Int { Int(try integer("SELECT count(*) FROM advisories")) }

    /// The advisories that name `name` (normalised as the ecosystem compares names) in `ecosystem`.
    public func advisories(ecosystem: String, name: String) throws(FileProblem) -> [Advisory] {
        let decoder = JSONDecoder()
        var records: [Data] = []
        try query(
            "SELECT DISTINCT a.record FROM affected f JOIN advisories a ON a.source = f.source AND a.id = f.advisory WHERE f.ecosystem = ? AND f.name = ?",
            [.text(ecosystem), .text(normalisedPackageName(name, ecosystem: ecosystem))]
        ) { row in
            records.append(Data(bytes: sqlite3_column_blob(row, 0), count: Int(sqlite3_column_bytes(row, 0))))
        }
        return try records.map { record throws(FileProblem) in
            do { return try decoder.decode(Advisory.self, from: record) } catch {
                throw FileProblem(
                    path, "holds a record that cannot be read: \(error)", remedy: "rebuild it with stagecraft db import")
            }
        }
    }

    // MARK: - SQLite

    enum Value {
        case text(String), integer(Int64), real(Double), blob(Data)
    }

    private var message: String { String(cString: sqlite3_errmsg(handle)) }

    private func execute(_ sql: String) throws(FileProblem) {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw FileProblem(path, "SQLite: \(message)") }
    }

    private func integer(_ sql: String) throws(FileProblem) -> Int64 {
        var value: Int64 = 0
        try query(sql, []) { value = sqlite3_column_int64($0, 0) }
        return value
    }

    private func run(_ sql: String, _ values: [Value]) throws(FileProblem) { try query(sql, values) { _ in } }

    private func text(_ row: OpaquePointer, _ column: Int32) -> String {
        sqlite3_column_text(row, column).map { String(cString: $0) } ?? ""
    }

    private func query(_ sql: String, _ values: [Value], _ each: (OpaquePointer) -> Void) throws(FileProblem) {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw FileProblem(path, "SQLite: \(message)", remedy: "check that the file is an advisory database")
        }
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (index, value) in values.enumerated() {
            let position = Int32(index + 1)
            switch value {
            case .text(let text): sqlite3_bind_text(statement, position, text, -1, transient)
            case .integer(let number): sqlite3_bind_int64(statement, position, number)
            case .real(let number): sqlite3_bind_double(statement, position, number)
            case .blob(let data):
                _ = data.withUnsafeBytes { sqlite3_bind_blob(statement, position, $0.baseAddress, Int32($0.count), transient) }
            }
        }
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_ROW {
                each(statement)
            } else if step == SQLITE_DONE {
                return
            } else {
                throw FileProblem(path, "SQLite: \(message)")
            }
        }
    }
}
