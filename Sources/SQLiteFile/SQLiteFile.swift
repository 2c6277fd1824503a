import CSQLite
import Foundation
import StagecraftReporting

/// One SQLite file that stagecraft owns (the advisory database, the run history): opened with a
/// busy timeout so concurrent writers wait rather than fail, its schema versioned in
/// `PRAGMA user_version` and migrated forward in place, a file from a newer stagecraft or an
/// SQLite file of something else refused with a reason, never overwritten.
public final class SQLiteFile {
    public enum Value {
        case text(String), integer(Int64), real(Double), blob(Data), null
    }

    private let handle: OpaquePointer
    public let path: String
    /// What the file holds, for messages: "advisory database".
    let kind: String
    private var withArticle: String { ("aeiou".contains(kind.first ?? "x") ? "an " : "a ") + kind }

    /// Opens the file at `path`, creating it when `create` is true, and brings its schema to
    /// `version` with `migrations` (by the version each starts from; 0 is an empty file; each
    /// sets `user_version`). A file that has tables but no version is someone else's.
    public init(
        path: String, create: Bool, kind: String, remedy: String, version: Int32, migrations: [Int32: String]
    ) throws(FileProblem) {
        self.path = path
        self.kind = kind
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw FileProblem(path, "no \(kind) here", remedy: remedy)
        }
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_FULLMUTEX
        guard sqlite3_open_v2(path, &opened, flags, nil) == SQLITE_OK, let opened else {
            sqlite3_close(opened)
            throw FileProblem(path, "cannot be opened as an SQLite database", remedy: remedy)
        }
        handle = opened
        sqlite3_busy_timeout(handle, 5000)
        var current = try integer("PRAGMA user_version")
        if current > version {
            throw FileProblem(
                path, "was written by a newer stagecraft (schema \(current); this one reads \(version))",
                remedy: "upgrade stagecraft, or name another file")
        }
        if current == 0, try integer("SELECT count(*) FROM sqlite_master") > 0 {
            throw FileProblem(path, "is an SQLite file but not \(withArticle)", remedy: remedy)
        }
        while current < version {
            guard let migration = migrations[Int32(current)] else {
                throw FileProblem(path, "has schema \(current), which this stagecraft cannot migrate", remedy: remedy)
            }
            if current == 0 { try execute("PRAGMA journal_mode = WAL") }
            try execute("BEGIN IMMEDIATE")
            do throws(FileProblem) {
                try execute(migration)
                try execute("COMMIT")
            } catch {
                try? execute("ROLLBACK")
                throw error
            }
            current = try integer("PRAGMA user_version")
        }
    }

    deinit { sqlite3_close(handle) }

    private var message: String { String(cString: sqlite3_errmsg(handle)) }

    public func execute(_ sql: String) throws(FileProblem) {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw FileProblem(path, "SQLite: \(message)") }
    }

    /// Runs `body` in one write transaction: all of it lands, or none of it.
    public func transaction(_ body: () throws(FileProblem) -> Void) throws(FileProblem) {
        try execute("BEGIN IMMEDIATE")
        do throws(FileProblem) {
            try body()
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    public func integer(_ sql: String, _ values: [Value] = []) throws(FileProblem) -> Int64 {
        var value: Int64 = 0
        try query(sql, values) { value = $0.integer(0) }
        return value
    }

    public func run(_ sql: String, _ values: [Value]) throws(FileProblem) { try query(sql, values) { _ in } }

    /// The rowid of the last row inserted.
    public var lastInsertedRow: Int64 { sqlite3_last_insert_rowid(handle) }

    /// A row of a query's result.
    public struct Row {
        let statement: OpaquePointer

        public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
        public func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
        public func real(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }
        public func text(_ column: Int32) -> String {
            sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""
        }
        public func blob(_ column: Int32) -> Data {
            guard let bytes = sqlite3_column_blob(statement, column) else { return Data() }
            return Data(bytes: bytes, count: Int(sqlite3_column_bytes(statement, column)))
        }
        public func optionalInteger(_ column: Int32) -> Int64? { isNull(column) ? nil : integer(column) }
        public func optionalReal(_ column: Int32) -> Double? { isNull(column) ? nil : real(column) }
        public func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
    }

    public func query(_ sql: String, _ values: [Value], _ each: (Row) throws(FileProblem) -> Void) throws(FileProblem) {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw FileProblem(path, "SQLite: \(message)", remedy: "check that the file is \(withArticle)")
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
            case .null: sqlite3_bind_null(statement, position)
            }
        }
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_ROW {
                try each(Row(statement: statement))
            } else if step == SQLITE_DONE {
                return
            } else {
                throw FileProblem(path, "SQLite: \(message)")
            }
        }
    }
}
