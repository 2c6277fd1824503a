import Foundation
import SQLiteFile
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

    private let file: SQLiteFile
    public var path: String { file.path }

    /// Opens (and, when `create` is true, creates) the database at `path`.
    public init(path: String, create: Bool = false) throws(FileProblem) {
        file = try SQLiteFile(
            path: path, create: create, kind: "advisory database", remedy: "build one with stagecraft db import SOURCE...",
            version: Self.schemaVersion,
            migrations: [
                0: """
                CREATE TABLE sources (path TEXT PRIMARY KEY, advisories INTEGER NOT NULL, imported_at REAL NOT NULL);
                CREATE TABLE advisories (source TEXT NOT NULL, id TEXT NOT NULL, record BLOB NOT NULL, PRIMARY KEY (source, id));
                CREATE TABLE affected (ecosystem TEXT NOT NULL, name TEXT NOT NULL, source TEXT NOT NULL, advisory TEXT NOT NULL);
                CREATE INDEX affected_package ON affected (ecosystem, name);
                PRAGMA user_version = 2;
                """,
                // Schema 1 keyed advisories by id alone; each affected row takes its advisory's source.
                1: """
                CREATE TABLE advisories_2 (source TEXT NOT NULL, id TEXT NOT NULL, record BLOB NOT NULL, PRIMARY KEY (source, id));
                INSERT INTO advisories_2 (source, id, record) SELECT source, id, record FROM advisories;
                ALTER TABLE affected ADD COLUMN source TEXT NOT NULL DEFAULT '';
                UPDATE affected SET source = (SELECT a.source FROM advisories a WHERE a.id = affected.advisory);
                DROP TABLE advisories;
                ALTER TABLE advisories_2 RENAME TO advisories;
                PRAGMA user_version = 2;
                """,
            ])
    }

    /// Replaces what `source` brought with `advisories`, in one transaction.
    public func importAdvisories(_ advisories: [Advisory], from source: String, at date: Date = Date()) throws(FileProblem) {
        let encoder = JSONEncoder()
        try file.transaction { () throws(FileProblem) in
            try file.run("DELETE FROM affected WHERE source = ?", [.text(source)])
            try file.run("DELETE FROM advisories WHERE source = ?", [.text(source)])
            for advisory in advisories {
                let record: Data
                do { record = try encoder.encode(advisory) } catch {
                    throw FileProblem(advisory.source, "cannot be stored: \(error)")
                }
                try file.run("DELETE FROM affected WHERE source = ? AND advisory = ?", [.text(source), .text(advisory.id)])
                try file.run(
                    "INSERT OR REPLACE INTO advisories (source, id, record) VALUES (?, ?, ?)",
                    [.text(source), .text(advisory.id), .blob(record)])
                for affected in advisory.affected {
                    try file.run(
                        "INSERT INTO affected (ecosystem, name, source, advisory) VALUES (?, ?, ?, ?)",
                        [
                            .text(affected.ecosystem), .text(normalisedPackageName(affected.name, ecosystem: affected.ecosystem)),
                            .text(source), .text(advisory.id),
                        ])
                }
            }
            try file.run(
                "INSERT OR REPLACE INTO sources (path, advisories, imported_at) VALUES (?, ?, ?)",
                [.text(source), .integer(Int64(advisories.count)), .real(date.timeIntervalSince1970)])
        }
    }

    /// The imported sources.
    public func sources() throws(FileProblem) -> [Source] {
        var result: [Source] = []
        try file.query("SELECT path, advisories, imported_at FROM sources ORDER BY path", []) { row in
            result.append(
                Source(
                    path: row.text(0), advisories: Int(row.integer(1)), importedAt: Date(timeIntervalSince1970: row.real(2))))
        }
        return result
    }

    /// The number of advisories stored.
    public func count() throws(FileProblem) -> Int { Int(try file.integer("SELECT count(*) FROM advisories")) }

    /// The advisories that name `name` (normalised as the ecosystem compares names) in `ecosystem`.
    public func advisories(ecosystem: String, name: String) throws(FileProblem) -> [Advisory] {
        let decoder = JSONDecoder()
        var records: [Data] = []
        try file.query(
            "SELECT DISTINCT a.record FROM affected f JOIN advisories a ON a.source = f.source AND a.id = f.advisory WHERE f.ecosystem = ? AND f.name = ?",
            [.text(ecosystem), .text(normalisedPackageName(name, ecosystem: ecosystem))]
        ) { row in
            records.append(row.blob(0))
        }
        return try records.map { record throws(FileProblem) in
            do { return try decoder.decode(Advisory.self, from: record) } catch {
                throw FileProblem(
                    path, "holds a record that cannot be read: \(error)", remedy: "rebuild it with stagecraft db import")
            }
        }
    }
}
