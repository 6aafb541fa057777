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

    /// A server holds its database's lock while it is open and lets go when it closes; one
    /// held by another process (here a descriptor this process's stores do not share, as
    /// another process's would be) is refused with a message that says so, before anything
    /// is opened.
    @Test func aDatabaseAnotherServerHoldsIsRefused() throws {
        let directory = GroupCommitTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/ferry.sqlite"
        let other = open(path + ".lock", O_CREAT | O_RDWR, 0o600)
        defer { close(other) }
        #expect(flock(other, LOCK_EX | LOCK_NB) == 0)
        #expect {
            try GRDBStore(path: path)
        } throws: { error in
            guard case StoreError.inUse = error else { return false }
            return "\(error)".contains("in use by another ferryd")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        flock(other, LOCK_UN)
        do {
            let open = try GRDBStore(path: path)
            #expect(flock(other, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK)
            _ = open
        }
        #expect(flock(other, LOCK_EX | LOCK_NB) == 0)
    }

    /// SQLite would take an empty file for a new database, seed it and serve it: a restore
    /// that copied nothing must not pass for a fresh start.
    @Test func anEmptyFileIsRefused() throws {
        let directory = GroupCommitTests.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/ferry.sqlite"
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect {
            try GRDBStore(path: path)
        } throws: { error in
            guard case StoreError.damaged(_, let problems) = error else { return false }
            return problems.first?.contains("empty") == true
        }
    }
}
