import FerryStore
import Foundation
import Testing

/// `Schemas/database.sql` is the schema as the migrations build it. When a migration changes
/// the schema, regenerate it with `FERRY_WRITE_SCHEMA=1 swift test --filter SchemaDocumentTests`.
@Suite struct SchemaDocumentTests {
    static let header = """
        -- The ferry database schema, as the migrations in Sources/FerryStore/Migrations.swift build it.
        -- Generated and kept true by Tests/FerryStoreTests/SchemaDocumentTests.swift; do not edit by hand.
        -- Times are INTEGER milliseconds since the Unix epoch; dates are TEXT YYYY-MM-DD (Asia/Shanghai).

        """

    @Test func databaseSQLMatchesTheMigrations() async throws {
        let store = try GRDBStore()
        let generated = Self.header + (try await store.schemaSQL()).map { $0 + ";\n" }.joined(separator: "\n")
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Schemas/database.sql")
        if ProcessInfo.processInfo.environment["FERRY_WRITE_SCHEMA"] == "1" {
            try generated.write(to: url, atomically: true, encoding: .utf8)
        }
        let documented = try String(contentsOf: url, encoding: .utf8)
        #expect(documented == generated, "Schemas/database.sql is stale: run FERRY_WRITE_SCHEMA=1 swift test --filter SchemaDocumentTests")
    }

    @Test func fileDatabaseIsDurableWAL() async throws {
        let directory = NSTemporaryDirectory() + "ferry-store-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try GRDBStore(path: directory + "/ferry.sqlite")
        let (mode, synchronous) = try await store.pragmas()
        #expect(mode == "wal")
        #expect(synchronous == 2)  // FULL
    }
}
