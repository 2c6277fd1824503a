import CLibpq
import Foundation
import StagecraftReporting

/// One connection to a PostgreSQL server through libpq, PostgreSQL's own client library. Queries
/// take `?` placeholders and text parameters (the server infers their types from the statement) and
/// give rows as text. Not shared between threads: open one per thread.
public final class PostgresConnection {
    private let handle: OpaquePointer
    private let pq: StagecraftLibpq
    /// The URL with any password masked: what messages name.
    public let location: String

    /// Whether `text` names a PostgreSQL server rather than a file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// `url` with the password between `user:` and `@` masked.
    public static func masked(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        guard let at = rest.firstIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<rest.index(after: colon)]) + "***" + String(rest[at...])
    }

    /// Connects to `url` (`postgresql://user@host:port/database`, libpq's URI form, with its query
    /// parameters such as `?host=/run/postgresql` or `sslmode=`); libpq's `PG*` variables fill in
    /// what it leaves out. Gives up after `timeout` seconds unless the URL sets `connect_timeout`.
    public init(url: String, timeout: Int = 10) throws(FileProblem) {
        location = Self.masked(url)
        guard let pq = libpq else {
            throw FileProblem(
                location, "cannot load libpq.so.5, PostgreSQL's client library",
                remedy: "install it (Debian: libpq5) or record in an SQLite file instead")
        }
        self.pq = pq
        let keys = ["connect_timeout", "fallback_application_name", "dbname"]
        let values = [String(timeout), "stagecraft", url]
        let connection = withCStrings(keys) { keyPointers in
            withCStrings(values) { valuePointers in pq.connectdbParams(keyPointers, valuePointers, 1) }
        }
        guard let connection else {
            throw FileProblem(location, "cannot connect: libpq is out of memory")
        }
        guard pq.status(connection) == CONNECTION_OK else {
            let reason = Self.oneLine(pq.errorMessage(connection))
            pq.finish(connection)
            throw FileProblem(
                location, "cannot connect to the PostgreSQL server: \(reason)",
                remedy: "check the URL, that the server runs and accepts this user (PGPASSWORD or ~/.pgpass for a password)")
        }
        handle = connection
        try execute("SET client_min_messages TO warning")
    }

    deinit { pq.finish(handle) }

    private static func oneLine(_ message: UnsafePointer<CChar>?) -> String {
        let text = message.map { String(cString: $0) } ?? "unknown error"
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; ")
    }

    /// Runs statements that take no parameters (several, separated by semicolons).
    public func execute(_ sql: String) throws(FileProblem) {
        let result = pq.exec(handle, sql)
        defer { pq.clear(result) }
        try check(result)
    }

    /// Runs `body` in one transaction: all of it lands, or none of it.
    public func transaction(_ body: () throws(FileProblem) -> Void) throws(FileProblem) {
        try execute("BEGIN")
        do throws(FileProblem) {
            try body()
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// A row of a result, as the text PostgreSQL sends.
    public struct Row {
        let pq: StagecraftLibpq
        let result: OpaquePointer
        let row: Int32

        public func isNull(_ column: Int32) -> Bool { pq.getisnull(result, row, column) != 0 }
        public func text(_ column: Int32) -> String? {
            guard !isNull(column), let value = pq.getvalue(result, row, column) else { return nil }
            return String(cString: value)
        }
    }

    /// Runs `sql` with `?` placeholders bound to `parameters` (nil is NULL) and calls `each` for
    /// every row of its result.
    public func query(_ sql: String, _ parameters: [String?], _ each: (Row) throws(FileProblem) -> Void) throws(FileProblem) {
        let statement = Self.numberingPlaceholders(sql)
        let result: OpaquePointer? = parameters.withCStringArray { pointers in
            pq.execParams(handle, statement, Int32(parameters.count), nil, pointers, nil, nil, 0)
        }
        defer { pq.clear(result) }
        try check(result)
        guard let result else { return }
        for row in 0..<pq.ntuples(result) { try each(Row(pq: pq, result: result, row: row)) }
    }

    /// `?` becomes `$1`, `$2`, ... outside quoted text.
    static func numberingPlaceholders(_ sql: String) -> String {
        var output = ""
        var number = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                output.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                output.append(character)
            } else if character == "?" {
                number += 1
                output += "$\(number)"
            } else {
                output.append(character)
            }
        }
        return output
    }

    private func check(_ result: OpaquePointer?) throws(FileProblem) {
        let status = result.map { pq.resultStatus($0) } ?? PGRES_FATAL_ERROR
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let message = result.map { Self.oneLine(pq.resultErrorMessage($0)) } ?? Self.oneLine(pq.errorMessage(handle))
            let lost = pq.status(handle) != CONNECTION_OK
            throw FileProblem(
                location, "PostgreSQL: \(message.isEmpty ? Self.oneLine(pq.errorMessage(handle)) : message)",
                remedy: lost ? "the connection was lost; check that the server runs" : nil)
        }
    }
}

/// libpq's functions, from the library loaded the first time a connection is made (see
/// CLibpq/shim.h); nil when it is not installed.
private let libpq: StagecraftLibpq? = {
    let table = UnsafeMutablePointer<StagecraftLibpq>.allocate(capacity: 1)
    defer { table.deallocate() }
    return stagecraft_libpq_open(table) == 0 ? table.pointee : nil
}()

/// Calls `body` with C strings for `strings`, followed by a null pointer, as libpq's keyword and
/// value lists are.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}

extension [String?] {
    /// Calls `body` with a C array of these strings (a null pointer for nil).
    fileprivate func withCStringArray<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        let copies = map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
