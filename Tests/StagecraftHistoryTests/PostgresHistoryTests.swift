import Foundation
import StagecraftHistory
import TestSupport
import Testing

/// A history on a PostgreSQL server: kept in a schema of its own beside whatever else the database
/// holds, created once when jobs start at the same moment, and refused with a reason (nothing
/// changed) when the server cannot be reached, the schema is newer or is not a history.
@Suite(.enabled(if: TestPostgres.shouldRun, "no PostgreSQL server: scripts/postgres.sh starts one"))
final class PostgresHistoryTests {
    private var databases: [String] = []

    deinit { databases.forEach(TestPostgres.dropDatabase) }

    private func freshDatabase() throws -> String {
        let url = try TestPostgres.freshDatabase()
        databases.append(url)
        return url
    }

    @Test func anUnreachableServerIsAnErrorThatNamesItWithoutThePassword() {
        let started = Date()
        #expect {
            try HistoryStore(location: "postgresql://ci:s3cret@127.0.0.1:1/history")
        } throws: { error in
            let text = "\(error)"
            return text.contains("postgresql://ci:***@127.0.0.1:1/history")
                && text.contains("cannot connect to the PostgreSQL server")
                && !text.contains("s3cret")
        }
        #expect(Date().timeIntervalSince(started) < 30, "a refused connection is reported at once")
    }

    @Test func theHistoryLivesInItsOwnSchemaBesideOtherTables() throws {
        let url = try freshDatabase()
        try TestPostgres.psql(url, "CREATE TABLE public.runs (x integer); INSERT INTO public.runs VALUES (42)")
        let store = try HistoryStore(location: url)
        try store.record([RunRecord(project: "p", command: "inspect", service: "api")])
        #expect(try store.count() == 1)
        #expect(try TestPostgres.psql(url, "SELECT x FROM public.runs") == "42")
        #expect(try TestPostgres.psql(url, "SELECT service FROM stagecraft.runs") == "api")
        #expect(try TestPostgres.psql(url, "SELECT version FROM stagecraft.history_schema") == "1")
    }

    @Test func jobsStartingAtOnceCreateTheSchemaOnce() throws {
        let url = try freshDatabase()
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 4) { writer in
            do {
                try HistoryStore(location: url).record([RunRecord(project: "p", command: "build", service: "svc\(writer)")])
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        #expect(try HistoryStore(location: url).count() == 4)
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM stagecraft.history_schema") == "1")
    }

    @Test func aNewerOrForeignSchemaIsRefusedAndLeftAsItIs() throws {
        let newer = try freshDatabase()
        try HistoryStore(location: newer).record([RunRecord(project: "p", command: "inspect", service: "api")])
        try TestPostgres.psql(newer, "UPDATE stagecraft.history_schema SET version = 7")
        #expect {
            try HistoryStore(location: newer)
        } throws: { error in
            "\(error)".contains("newer stagecraft (schema 7; this one reads 1)")
        }
        #expect(try TestPostgres.psql(newer, "SELECT count(*) FROM stagecraft.runs") == "1")

        let foreign = try freshDatabase()
        try TestPostgres.psql(foreign, "CREATE SCHEMA stagecraft; CREATE TABLE stagecraft.other (x integer)")
        #expect {
            try HistoryStore(location: foreign)
        } throws: { error in
            "\(error)".contains("has a schema named stagecraft that is not a stagecraft history")
        }
        #expect(
            try TestPostgres.psql(foreign, "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'stagecraft'")
                == "other")

        let empty = try freshDatabase()
        #expect {
            try HistoryStore(location: empty, create: false)
        } throws: { error in
            "\(error)".contains("holds no stagecraft history yet")
        }
        #expect(try TestPostgres.psql(empty, "SELECT count(*) FROM pg_namespace WHERE nspname = 'stagecraft'") == "0")
    }
}

/// libpq is loaded when a connection is made, not at start-up: the stagecraft binary does not
/// name it (or the twenty libraries it brings), and a command that connects still works.
@Suite struct LibpqLoadingTests {
    @Test func theBinaryDoesNotLinkLibpqButConnectsThroughIt() throws {
        let linked = try ProcessRunner.run("/usr/bin/ldd", [Paths.stagecraft.path])
        #expect(linked.status == 0, "\(linked.stderrText)")
        #expect(linked.stdoutText.contains("libswiftCore"), "\(linked.stdoutText)")
        #expect(!linked.stdoutText.contains("libpq"), "\(linked.stdoutText)")
        #expect(!linked.stdoutText.contains("libkrb5"), "\(linked.stdoutText)")
        // Connecting loads it: an unreachable server is refused by libpq itself.
        let refused = try ProcessRunner.run(
            Paths.stagecraft.path, ["history", "list", "--history", "postgresql://ci@127.0.0.1:1/history"])
        #expect(refused.status == 2, "\(refused.stderrText)")
        #expect(refused.stderrText.contains("cannot connect to the PostgreSQL server"), "\(refused.stderrText)")
    }
}
