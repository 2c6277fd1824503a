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
