import Foundation

/// The PostgreSQL server scripts/postgres.sh starts for the tests (scripts/test.sh exports its URL
/// as `STAGECRAFT_TEST_POSTGRES_URL`). Each test takes a database of its own.
public enum TestPostgres {
    /// The server's URL (its `postgres` database), or nil when no server was started.
    public static let url: String? = {
        guard let url = ProcessInfo.processInfo.environment["STAGECRAFT_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
        return url
    }()

    public static let unavailable = "no PostgreSQL server: scripts/postgres.sh starts one and prints STAGECRAFT_TEST_POSTGRES_URL"

    /// Whether tests that need the server run: always in CI, where a missing server fails them.
    public static var shouldRun: Bool { url != nil || Paths.isCI }

    /// A new, empty database on the server; returns its URL.
    public static func freshDatabase() throws -> String {
        guard let url else { throw TestFailure(unavailable) }
        let name = "stagecraft_test_" + UUID().uuidString.prefix(8).lowercased()
        try psql(url, "CREATE DATABASE \(name)")
        return databaseURL(name)
    }

    /// Drops the database `url` names (what `freshDatabase` made), closing its connections.
    public static func dropDatabase(_ url: String) {
        guard let slash = url.lastIndex(of: "/") else { return }
        _ = try? psql(databaseURL("postgres"), "DROP DATABASE IF EXISTS \(url[url.index(after: slash)...]) WITH (FORCE)")
    }

    /// The URL of database `name` on the test server.
    public static func databaseURL(_ name: String) -> String {
        guard let url, let slash = url.lastIndex(of: "/") else { return "" }
        return String(url[...slash]) + name
    }

    /// Runs `sql` with psql against `url`; returns what it printed (unaligned, tuples only).
    @discardableResult
    public static func psql(_ url: String, _ sql: String) throws -> String {
        guard let psql = Paths.executable(named: "psql") else {
            throw TestFailure("psql is not installed (Debian: postgresql-client)")
        }
        let result = try ProcessRunner.run(psql, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql, url], timeout: 60)
        guard result.status == 0 else { throw TestFailure("psql \(sql): \(result.stderrText)") }
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A test's setup that could not be done, in words.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
