import FerryDomain
import Foundation
import GRDB

/// The SQLite store: one `DatabasePool` per file for the life of the process.
///
/// WAL mode lets searches read while a booking writes; `synchronous=FULL` makes a commit
/// wait for the disk, so a booking acknowledged to a client survives a power cut.
public struct GRDBStore: FerryStore {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the database at `path` and migrates it.
    public init(path: String) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        config.busyMode = .timeout(10)
        self.writer = try DatabasePool(path: path, configuration: config)
        try Migrations.migrator.migrate(self.writer)
    }

    /// An in-memory database, for tests that need no file.
    public init() throws {
        self.writer = try DatabaseQueue()
        try Migrations.migrator.migrate(self.writer)
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (GRDBTransaction) throws -> T) async throws -> T {
        try await self.writer.write { db in try body(GRDBTransaction(db: db)) }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (GRDBTransaction) throws -> T) async throws -> T {
        try await self.writer.read { db in try body(GRDBTransaction(db: db)) }
    }

    /// The journal mode and `synchronous` level in force, as SQLite reports them.
    public func pragmas() async throws -> (journalMode: String, synchronous: Int) {
        try await self.writer.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "", try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
        }
    }

    /// The schema as the migrations build it, one statement per entry, for `Schemas/database.sql`.
    public func schemaSQL() async throws -> [String] {
        try await self.writer.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT sql FROM sqlite_master
                    WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
                    ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, rowid
                    """
            )
        }
    }
}

extension Date {
    /// Milliseconds since the epoch: how instants are stored, exact and sortable.
    var storedMillis: Int64 { Int64((self.timeIntervalSince1970 * 1000).rounded(.down)) }

    init(storedMillis: Int64) { self.init(timeIntervalSince1970: TimeInterval(storedMillis) / 1000) }
}
