import Foundation
import StagecraftAdvisories
import StagecraftReporting
import TestSupport
import Testing

/// The imported advisory database: what goes in comes out by package, re-imports replace, and
/// files that are not this database (or are a newer one) are refused with a reason.
@Suite final class AdvisoryDatabaseTests {
    private let folder: URL

    init() throws { folder = try Paths.temporaryDirectory("advisory-db") }
    deinit { try? FileManager.default.removeItem(at: folder) }

    func advisory(_ id: String, _ name: String, fixed: String) throws -> Advisory {
        try AdvisoryReader.parse(
            """
            {"id": "\(id)", "affected": [{"package": {"ecosystem": "PyPI", "name": "\(name)"},
              "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "\(fixed)"}]}]}]}
            """, path: "\(id).json")
    }

    @Test func advisoriesComeBackByNormalisedPackageName() throws {
        let path = folder.appendingPathComponent("a.db").path
        let database = try AdvisoryDatabase(path: path, create: true)
        try database.importAdvisories(
            [try advisory("PYSEC-1", "Django_Rest.Framework", fixed: "3.0"), try advisory("PYSEC-2", "other", fixed: "1.0")],
            from: "/data/one", at: Date(timeIntervalSince1970: 1_700_000_000))
        let found = try database.advisories(ecosystem: "PyPI", name: "django-rest-framework")
        #expect(found.map(\.id) == ["PYSEC-1"])
        #expect(try found[0].affected[0].affects("2.9") && !(try found[0].affected[0].affects("3.0")))
        #expect(
            try database.sources() == [
                .init(path: "/data/one", advisories: 2, importedAt: Date(timeIntervalSince1970: 1_700_000_000))
            ])
        // Re-importing a source replaces what it brought; reopening reads the same file.
        try database.importAdvisories([try advisory("PYSEC-3", "other", fixed: "2.0")], from: "/data/one")
        let reopened = try AdvisoryDatabase(path: path)
        #expect(try reopened.count() == 1)
        #expect(try reopened.advisories(ecosystem: "PyPI", name: "django-rest-framework").isEmpty)
        #expect(try reopened.advisories(ecosystem: "PyPI", name: "other").map(\.id) == ["PYSEC-3"])
    }

    /// Two of Alpine's branch files list the same CVE: both are kept (records are keyed by source
    /// and id), and re-importing one leaves the other alone.
    @Test func theSameIdFromTwoSourcesIsKeptTwice() throws {
        func secdb(_ branch: String, fixed: String) throws -> [Advisory] {
            let file = folder.appendingPathComponent("secdb-\(branch)-\(fixed).json")
            try Data(
                #"{"distroversion": "\#(branch)", "packages": [{"pkg": {"name": "openssl", "secfixes": {"\#(fixed)": ["CVE-2099-0001"]}}}]}"#
                    .utf8
            ).write(to: file)
            return try AdvisoryReader.readFile(file.path)
        }
        let database = try AdvisoryDatabase(path: folder.appendingPathComponent("feeds.db").path, create: true)
        try database.importAdvisories(try secdb("v3.19", fixed: "3.1.7-r1"), from: "/secdb/v3.19/main.json")
        try database.importAdvisories(try secdb("v3.20", fixed: "3.3.2-r0"), from: "/secdb/v3.20/main.json")
        try database.importAdvisories(try secdb("v3.20", fixed: "3.3.2-r1"), from: "/secdb/v3.20/main.json")
        #expect(try database.count() == 2)
        let older = try database.advisories(ecosystem: "Alpine:v3.19", name: "openssl")
        let newer = try database.advisories(ecosystem: "Alpine:v3.20", name: "openssl")
        #expect(older.map(\.id) == ["CVE-2099-0001"] && newer.map(\.id) == ["CVE-2099-0001"])
        #expect(try newer[0].affected[0].affects("3.3.2-r0") && older[0].feed == "alpine-secdb")
    }

    /// A database of schema 1 (records keyed by id alone) is migrated in place when opened.
    @Test func aSchemaOneDatabaseIsMigrated() throws {
        guard let python = Paths.executable(named: "python3") else { return }
        let path = folder.appendingPathComponent("v1.db").path
        let record =
            #"{"id":"PYSEC-9","aliases":[],"affected":[{"ecosystem":"PyPI","name":"flask","ranges":[],"versions":["1.0"]}],"severity":[],"source":"/data/flask.json"}"#
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("CREATE TABLE sources (path TEXT PRIMARY KEY, advisories INTEGER NOT NULL, imported_at REAL NOT NULL)")
            db.execute("CREATE TABLE advisories (id TEXT PRIMARY KEY, source TEXT NOT NULL, record BLOB NOT NULL)")
            db.execute("CREATE TABLE affected (ecosystem TEXT NOT NULL, name TEXT NOT NULL, advisory TEXT NOT NULL)")
            db.execute("PRAGMA user_version = 1")
            db.execute("INSERT INTO sources VALUES ('/data', 1, 1700000000)")
            db.execute("INSERT INTO advisories VALUES ('PYSEC-9', '/data', ?)", (sys.argv[2].encode(),))
            db.execute("INSERT INTO affected VALUES ('PyPI', 'flask', 'PYSEC-9')")
            db.commit()
            """
        let made = try ProcessRunner.run(python, ["-c", script, path, record])
        try #require(made.status == 0, "\(made.stderrText)")
        let database = try AdvisoryDatabase(path: path)
        #expect(try database.advisories(ecosystem: "PyPI", name: "flask").map(\.id) == ["PYSEC-9"])
        try database.importAdvisories([try advisory("PYSEC-10", "flask", fixed: "2.0")], from: "/data")
        #expect(try AdvisoryDatabase(path: path).advisories(ecosystem: "PyPI", name: "flask").map(\.id) == ["PYSEC-10"])
    }

    @Test func filesThatAreNotThisDatabaseAreRefused() throws {
        #expect(throws: FileProblem.self) { try AdvisoryDatabase(path: folder.appendingPathComponent("absent.db").path) }
        let junk = folder.appendingPathComponent("junk.db")
        try Data(repeating: 7, count: 4096).write(to: junk)
        #expect(throws: FileProblem.self) { try AdvisoryDatabase(path: junk.path) }
        guard let python = Paths.executable(named: "python3") else { return }
        let other = folder.appendingPathComponent("other.db").path
        let newer = folder.appendingPathComponent("newer.db").path
        let made = try ProcessRunner.run(
            python,
            [
                "-c",
                "import sqlite3, sys; a = sqlite3.connect(sys.argv[1]); a.execute('CREATE TABLE t (x)'); a.commit(); "
                    + "b = sqlite3.connect(sys.argv[2]); b.execute('PRAGMA user_version = 99'); b.execute('CREATE TABLE t (x)'); b.commit()",
                other, newer,
            ])
        try #require(made.status == 0, "\(made.stderrText)")
        let notOurs = try #require(throws: FileProblem.self) { try AdvisoryDatabase(path: other) }
        #expect(notOurs.problem.contains("not an advisory database"))
        let fromTheFuture = try #require(throws: FileProblem.self) { try AdvisoryDatabase(path: newer) }
        #expect(fromTheFuture.problem.contains("newer stagecraft (schema 99"))
    }
}
