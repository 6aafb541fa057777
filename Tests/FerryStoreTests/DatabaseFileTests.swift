import FerryDomain
import Foundation
import Testing

@testable import FerryStore

/// The database holds travellers' names and document numbers.
@Suite struct DatabaseFileTests {
    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    /// A database made by the store, and the log and shared-memory files SQLite makes beside
    /// it, are readable by their owner only (under the usual umask of 022 SQLite alone would
    /// leave them readable by everyone).
    @Test func aNewDatabaseIsReadableByItsOwnerOnly() async throws {
        let directory = GroupCommitTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/ferry.sqlite"
        let store = try GRDBStore(path: path)
        _ = try await store.write { tx in try tx.insert(notice: Notice(seq: 0, type: .announcement, message: "m", createdAt: Date())) }
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(try self.mode(file) == 0o600, "\(file)")
        }
    }

    /// One a deployer made is left with the mode it was given.
    @Test func anExistingDatabaseKeepsItsMode() async throws {
        let directory = GroupCommitTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/ferry.sqlite"
        _ = try GRDBStore(path: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        _ = try GRDBStore(path: path)
        #expect(try self.mode(path) == 0o640)
    }
}
