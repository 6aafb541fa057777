import FerryDomain
import Foundation
import GRDB
import Synchronization
import Testing

@testable import FerryStore

/// Group commit: concurrent writes share transactions, yet each behaves as if alone.
@Suite struct GroupCommitTests {
    struct Refused: Error, Equatable { let n: Int }

    final class Published: Sendable {
        let seqs = Mutex<[Int]>([])
    }

    static func scratch() -> String {
        let directory = NSTemporaryDirectory() + "ferry-store-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// 300 writers at once, every third of which fails after writing: the failures vanish
    /// without a trace (not even a seq), the rest commit with gap-free seqs, each caller gets
    /// its own answer, and after-commit actions run for committed writes only, in seq order.
    @Test func aFailingWriteRollsBackAloneAndItsBatchMatesCommit() async throws {
        let directory = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try GRDBStore(path: directory + "/ferry.sqlite")
        let published = Published()
        let answers = try await withThrowingTaskGroup(of: (Int, Result<Int, Refused>).self) { group in
            for n in 0..<300 {
                group.addTask {
                    do {
                        let seq = try await store.write { tx in
                            let notice = try tx.insert(notice: Notice(seq: 0, type: .announcement, message: "n\(n)", createdAt: Date()))
                            tx.afterCommit { published.seqs.withLock { $0.append(notice.seq) } }
                            if n % 3 == 0 { throw Refused(n: n) }
                            return notice.seq
                        }
                        return (n, .success(seq))
                    } catch let refused as Refused {
                        return (n, .failure(refused))
                    }
                }
            }
            var all: [Int: Result<Int, Refused>] = [:]
            for try await (n, answer) in group { all[n] = answer }
            return all
        }
        for (n, answer) in answers where n % 3 == 0 { #expect(answer == .failure(Refused(n: n))) }
        let seqs = answers.compactMap { try? $0.value.get() }.sorted()
        #expect(seqs == Array(1...200))
        #expect(published.seqs.withLock { $0 } == Array(1...200))
        let stored = try await store.read { tx in try tx.notices(after: 0, limit: 1000) }
        #expect(stored.map(\.seq) == Array(1...200))
        #expect(Set(stored.compactMap(\.message)) == Set((0..<300).filter { $0 % 3 != 0 }.map { "n\($0)" }))
        // They were grouped: far fewer commits (and fsyncs) than writes.
        #expect(store.batcher.committedBatches < 300)
    }

    /// A file that is not a database, or a damaged one, is refused before anything touches it.
    @Test func aDamagedDatabaseIsRefused() throws {
        let directory = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/ferry.sqlite"
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try GRDBStore(path: path)
        } throws: { error in
            guard case StoreError.damaged(let damagedPath, _) = error else { return false }
            return damagedPath == path && "\(error)".contains("restore the last backup")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(repeating: 0x42, count: 8192))
    }

    /// A database whose first page reads well but whose tables are damaged is found out by the
    /// integrity check, before the store writes a byte of it (not even to turn WAL on): one
    /// in WAL mode as `ferryd` leaves it, and one in rollback mode as other tools may.
    @Test(arguments: [true, false]) func aDatabaseDamagedInsideIsRefusedUntouched(wal: Bool) throws {
        let directory = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/ferry.sqlite"
        let build: (Database) throws -> Void = { db in
            try db.execute(sql: "CREATE TABLE t (x TEXT NOT NULL)")
            try db.execute(sql: "CREATE INDEX t_x ON t(x)")
            for n in 0..<2000 { try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [String(repeating: "\(n % 10)", count: 100) + "\(n)"]) }
        }
        if wal {
            // Closed, the pool copies its log back and removes it, as after a clean stop.
            try DatabasePool(path: path).write(build)
        } else {
            try DatabaseQueue(path: path).write(build)
        }
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.count > 40 * 4096)
        // Page 20 of 4 KiB, well past the schema on page 1, overwritten.
        bytes.replaceSubrange(19 * 4096..<20 * 4096, with: Data(repeating: 0xA5, count: 4096))
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try GRDBStore(path: path)
        } throws: { error in
            guard case StoreError.damaged(_, let problems) = error else { return false }
            return !problems.isEmpty && !problems.contains { $0.contains("not a database") }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    /// The online backup is a complete, consistent database of its own.
    @Test func backupCopiesEverythingWhileServing() async throws {
        let directory = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try GRDBStore(path: directory + "/ferry.sqlite")
        for i in 0..<50 {
            _ = try await store.write { tx in try tx.insert(notice: Notice(seq: 0, type: .announcement, message: "m\(i)", createdAt: Date())) }
        }
        // Writes keep coming while the copy is made; the copy holds a prefix of them, without gaps.
        let writing = Task {
            for i in 50..<150 {
                _ = try await store.write { tx in try tx.insert(notice: Notice(seq: 0, type: .announcement, message: "m\(i)", createdAt: Date())) }
            }
        }
        try await store.backup(to: directory + "/copy.sqlite", at: Date())
        try await writing.value
        let copy = try GRDBStore(path: directory + "/copy.sqlite")
        let seqs = try await copy.read { tx in try tx.notices(after: 0, limit: 1000) }.map(\.seq)
        #expect(seqs.count >= 50)
        #expect(seqs == Array(1...seqs.count))
    }
}
