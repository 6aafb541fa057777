import Foundation
import GRDB
import GRDBSQLite

/// A value bound to a `?` of a statement run by `Database.step`.
enum SQLValue {
    case text(String)
    case int(Int64)
    case null

    static func int(_ n: Int) -> SQLValue { .int(Int64(n)) }
    static func text(_ s: String?) -> SQLValue { s.map(SQLValue.text) ?? .null }
}

/// One result row of `Database.step`, read by column position.
struct SQLRow {
    fileprivate let handle: OpaquePointer

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(self.handle, column)) }

    func optionalInt(_ column: Int32) -> Int? {
        sqlite3_column_type(self.handle, column) == SQLITE_NULL ? nil : self.int(column)
    }

    func date(_ column: Int32) -> Date { Date(storedMillis: sqlite3_column_int64(self.handle, column)) }

    func optionalDate(_ column: Int32) -> Date? {
        sqlite3_column_type(self.handle, column) == SQLITE_NULL ? nil : self.date(column)
    }

    func text(_ column: Int32) -> String { self.optionalText(column) ?? "" }

    func optionalText(_ column: Int32) -> String? {
        guard let text = sqlite3_column_text(self.handle, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(self.handle, column))), as: UTF8.self)
    }
}

extension Database {
    /// Runs `sql` (from GRDB's statement cache) with `arguments` through SQLite's C API,
    /// calling `row` for each result row.
    ///
    /// The statements every sale runs on the single writer are small indexed lookups and
    /// inserts; GRDB's general path (argument validation, boxed values, copied rows, columns
    /// found by name) cost more than SQLite spent on them. Errors are GRDB's
    /// `DatabaseError`, as from any other statement. Text is bound with its length; the
    /// domain refuses control characters, so nothing stored holds a NUL that GRDB's reads
    /// (which stop at one) would cut.
    func step(_ sql: String, _ arguments: [SQLValue] = [], row: (SQLRow) throws -> Void = { _ in }) throws {
        // Outside a transaction each statement would commit alone; GRDB refuses that for its
        // own statements (a batch SQLite has rolled back must not go on), and so does this.
        guard sqlite3_get_autocommit(self.sqliteConnection) == 0 else { throw self.error(SQLITE_MISUSE, sql) }
        let handle = try self.cachedStatement(sql: sql).sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        guard sqlite3_bind_parameter_count(handle) == arguments.count else { throw self.error(SQLITE_RANGE, sql) }
        for (i, argument) in arguments.enumerated() {
            let index = Int32(i + 1)
            let code: Int32
            switch argument {
            case .text(var s):
                // With its length, not as a C string.
                code = s.withUTF8 { utf8 in
                    // An empty string may have no address, and SQLite takes a null pointer for NULL.
                    guard let base = utf8.baseAddress, !utf8.isEmpty else { return sqlite3_bind_text(handle, index, "", 0, transient) }
                    return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                        sqlite3_bind_text(handle, index, $0, Int32(utf8.count), transient)
                    }
                }
            case .int(let n): code = sqlite3_bind_int64(handle, index, n)
            case .null: code = sqlite3_bind_null(handle, index)
            }
            guard code == SQLITE_OK else { throw self.error(code, sql) }
        }
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_ROW: try row(SQLRow(handle: handle))
            case SQLITE_DONE: return
            default: throw self.error(sqlite3_extended_errcode(self.sqliteConnection), sql)
            }
        }
    }

    /// The first column of the first row, as an integer; nil when there is no row.
    func int(_ sql: String, _ arguments: [SQLValue]) throws -> Int? {
        var value: Int?
        try self.step(sql, arguments) { row in if value == nil { value = row.int(0) } }
        return value
    }

    private func error(_ code: Int32, _ sql: String) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code),
            message: self.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) },
            sql: sql
        )
    }
}

/// SQLite copies a value bound with this destructor, so the Swift string may go.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
