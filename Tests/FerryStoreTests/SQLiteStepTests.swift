import GRDB
import Testing

@testable import FerryStore

/// The booking path's statements go through SQLite's C API (`Database.step`).
@Suite struct SQLiteStepTests {
    static func database() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in try db.execute(sql: "CREATE TABLE t (k TEXT PRIMARY KEY NOT NULL, n INTEGER, note TEXT)") }
        return queue
    }

    /// Text goes in and comes out whole: empty, with a NUL inside, and beyond ASCII.
    @Test func textRoundTripsWhole() throws {
        try Self.database().write { (db: Database) throws in
            for (i, text) in ["", "a\u{0}b", "旅客😀", String(repeating: "x", count: 10_000)].enumerated() {
                try db.step("INSERT INTO t (k, n, note) VALUES (?, ?, ?)", [.text("k\(i)"), .int(i), .text(text)])
                var read: [String?] = []
                try db.step("SELECT note, n FROM t WHERE k = ?", [.text("k\(i)")]) { row in read.append(row.optionalText(0)) }
                #expect(read == [text])
            }
            try db.step("INSERT INTO t (k, n, note) VALUES (?, ?, ?)", [.text("null"), .null, .text(nil)])
            #expect(try db.int("SELECT n IS NULL AND note IS NULL FROM t WHERE k = ?", [.text("null")]) == 1)
            #expect(try db.int("SELECT n FROM t WHERE k = ?", [.text("absent")]) == nil)
        }
    }

    /// A refused statement is GRDB's `DatabaseError`, changes nothing, and the cached
    /// statement works again afterwards.
    @Test func aConstraintViolationIsADatabaseErrorAndTheStatementIsReusable() throws {
        try Self.database().write { (db: Database) throws in
            let insert = "INSERT INTO t (k, n) VALUES (?, ?)"
            try db.step(insert, [.text("a"), .int(1)])
            #expect {
                try db.step(insert, [.text("a"), .int(2)])
            } throws: { error in
                (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT
            }
            try db.step(insert, [.text("b"), .int(3)])
            #expect(try Int.fetchAll(db, sql: "SELECT n FROM t ORDER BY k") == [1, 3])
        }
    }

    @Test func theWrongNumberOfArgumentsIsRefused() throws {
        try Self.database().write { (db: Database) throws in
            #expect(throws: DatabaseError.self) { try db.step("INSERT INTO t (k, n) VALUES (?, ?)", [.text("a")]) }
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") == 0)
        }
    }
}
