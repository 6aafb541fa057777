import FerryDomain
import Foundation
import GRDB
import Synchronization

/// The SQLite store: one `DatabasePool` per file for the life of the process.
///
/// WAL mode lets searches read while a booking writes; `synchronous=FULL` makes a commit
/// wait for the disk, so a booking acknowledged to a client survives a power cut.
public struct GRDBStore: FerryStore {
    let writer: any DatabaseWriter
    let batcher: WriteBatcher
    /// Held while the store is open: a second server on the same file is refused.
    let lock: DatabaseLock?

    /// Opens (creating if needed) the database at `path`, checks it and migrates it.
    ///
    /// A damaged file is refused (`StoreError.damaged`) before any migration or command
    /// touches it: serving from it could sell a seat twice or lose a paid booking.
    public init(path: String) throws {
        self.lock = try DatabaseLock.acquire(path: path + ".lock")
        var created = false
        do {
            // Checked on a read-only connection of its own, before the pool opens: opening
            // the pool writes (it turns WAL on, and GRDB creates and drops a table when the
            // log is missing, as it is after a restore).
            var info = stat()
            if stat(path, &info) == 0 {
                // SQLite takes an empty file for a new database, which would be seeded and
                // served: a restore that copied nothing would lose every booking unnoticed.
                guard info.st_size > 0 else {
                    throw StoreError.damaged(path: path, problems: ["the file is empty (0 bytes); remove it to start a new database"])
                }
                var readOnly = Configuration()
                readOnly.readonly = true
                // A store of this process closing a moment before (a restart in one process)
                // may still be copying its log back: wait for it as the pool does.
                readOnly.busyMode = .timeout(10)
                let problems = try DatabaseQueue(path: path, configuration: readOnly).read { db in
                    try String.fetchAll(db, sql: "PRAGMA integrity_check")
                }
                guard problems == ["ok"] else { throw StoreError.damaged(path: path, problems: problems) }
            } else {
                // It holds travellers' names and document numbers: readable by its owner only,
                // as are the log and shared-memory files SQLite makes beside it with its mode.
                // Made in place, never over a file another process made meanwhile.
                let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
                if fd >= 0 { close(fd) }
                created = fd >= 0
            }
            var config = Configuration()
            config.busyMode = .timeout(10)
            self.writer = try DatabasePool(path: path, configuration: config)
            try Self.prepare(self.writer)
        } catch {
            // A first start that failed leaves nothing behind for the next one to refuse as an
            // empty, damaged database.
            if created { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
            throw Self.storeError(error, path: path)
        }
        self.batcher = WriteBatcher(writer: self.writer)
    }

    /// Why the file cannot be served from, in the store's words, or the error as it came.
    private static func storeError(_ error: any Error, path: String) -> any Error {
        switch error {
        case let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode):
            StoreError.damaged(path: path, problems: [error.message ?? "\(error)"])
        case let error as DatabaseError where [.SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_FULL].contains(error.resultCode):
            StoreError.unusable(path: path, reason: error.message ?? "\(error)")
        default: error
        }
    }

    /// Settings of the writer connection, the only one that commits, then the migrations.
    /// They are set here, not in `prepareDatabase`: GRDB runs that before it turns WAL on, and
    /// turning WAL on sets `synchronous=NORMAL`, under which a commit returns before its log
    /// reaches the disk.
    private static func prepare(_ writer: any DatabaseWriter) throws {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // On macOS a plain fsync leaves the data in the drive's cache; F_FULLFSYNC does not.
            // Linux has no such call and SQLite ignores these there.
            try db.execute(sql: "PRAGMA fullfsync = ON")
            try db.execute(sql: "PRAGMA checkpoint_fullfsync = ON")
            // Copying the log back into the file every 40 MB rather than SQLite's 4 MB: sales
            // spread over many sailings dirty a hundred pages a batch, and most are dirtied
            // again before the next checkpoint, which copies each page once.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
            // A long read (a backup) can hold the copy back and let the log grow past that; once
            // it is copied back, the log is cut to 64 MiB rather than keeping its peak size.
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
            // 32 MiB of pages (SQLite's default is 2): sales spread over every sailing on sale
            // touch index pages all over the file, and each miss is a read from the OS on the
            // one thread every sale waits for. Readers keep the default.
            try db.execute(sql: "PRAGMA cache_size = -32768")
        }
        try Migrations.migrator.migrate(writer)
    }

    /// An in-memory database, for tests that need no file.
    public init() throws {
        self.lock = nil
        self.writer = try DatabaseQueue()
        try Migrations.migrator.migrate(self.writer)
        self.batcher = WriteBatcher(writer: self.writer)
    }

    /// Runs in its own savepoint of a shared transaction (group commit, see `WriteBatcher`).
    public func write<T: Sendable>(_ body: @escaping @Sendable (GRDBTransaction) throws -> T) async throws -> T {
        try await self.batcher.write(body)
    }

    /// A consistent copy of the whole database at `path`, made with SQLite's online backup
    /// while the server keeps serving: the copy is one read snapshot, taken in one step.
    public func backup(to path: String, at taken: Date) async throws {
        let source = self.writer
        // SQLite's backup blocks while it copies: off the cooperative pool.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        let copy = try DatabaseQueue(path: path)
                        try source.backup(to: copy)
                        // Marked as a copy: a server that opens it after a restore knows clients
                        // may have seen notices it does not hold (`continueNumberingIfRestored`).
                        try copy.write { db in
                            try db.execute(sql: "UPDATE notice_numbering SET backup_taken_at = ?", arguments: [taken.storedMillis])
                        }
                        try copy.close()
                    }
                )
            }
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (GRDBTransaction) throws -> T) async throws -> T {
        try await self.writer.read { db in try body(GRDBTransaction(db: db)) }
    }

    /// The journal mode and `synchronous` level of the writer connection, the one that
    /// commits, as SQLite reports them (`synchronous` is a setting of each connection).
    public func pragmas() async throws -> (journalMode: String, synchronous: Int) {
        try await self.writer.writeWithoutTransaction { db in
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

/// Why the store cannot be used at all.
public enum StoreError: Error, CustomStringConvertible {
    /// SQLite's `integrity_check` found damage, or the file is not a database.
    case damaged(path: String, problems: [String])
    /// Another process has the database open as a store.
    case inUse(path: String)
    /// The file, or the folder it is in, cannot be opened or made.
    case unusable(path: String, reason: String)

    public var description: String {
        switch self {
        case .inUse(let path):
            return "the database \(path) is in use by another ferryd (it holds \(path).lock). Two servers on one database "
                + "would each number and push notices their own subscribers miss: stop the other one first."
        case .unusable(let path, let reason):
            return "cannot open the database \(path): \(reason). Check that the data directory exists (or can be made) "
                + "and is writable by this user."
        case .damaged(let path, let problems):
            let shown = problems.prefix(5).joined(separator: "; ")
            return "the database \(path) is damaged (\(shown)\(problems.count > 5 ? "; …" : "")). "
                + "Refusing to serve from it: restore the last backup (README, Deployment) and start again."
        }
    }
}

/// An exclusive `flock` on a file beside the database, held while a store on it is open and
/// let go when the process ends however it ends: a second server process on the same database
/// is refused. (A lock file of its own, not the database: SQLite takes POSIX locks on the
/// database, which closing any other descriptor of it would drop.) Stores of one process
/// share the lock, as a restart within one process (a test) opens the file again.
final class DatabaseLock: Sendable {
    private let path: String
    private static let held = Mutex<[String: (descriptor: Int32, stores: Int)]>([:])

    /// Takes the lock, or joins this process's hold on it; throws when another process holds
    /// it. The object exists only once the lock is held, so its `deinit` always lets go of one.
    static func acquire(path: String) throws -> DatabaseLock {
        let path = URL(fileURLWithPath: path).standardizedFileURL.path
        try Self.held.withLock { held in
            if let lock = held[path] {
                held[path] = (lock.descriptor, lock.stores + 1)
                return
            }
            let database = String(path.dropLast(".lock".count))
            let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                let reason = String(cString: strerror(errno))
                throw StoreError.unusable(path: database, reason: "its lock file cannot be made (\(reason))")
            }
            // A child this process is starting holds a copy of every descriptor until it runs
            // its program (then they close): a lock this process just let go of can look held
            // for that instant. Another server holds it for good: refused after two seconds.
            var tries = 0
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                tries += 1
                guard errno == EWOULDBLOCK, tries < 40 else {
                    close(fd)
                    throw StoreError.inUse(path: database)
                }
                usleep(50_000)
            }
            held[path] = (fd, 1)
        }
        return DatabaseLock(path: path)
    }

    private init(path: String) { self.path = path }

    deinit {
        Self.held.withLock { held in
            guard let lock = held[self.path] else { return }
            if lock.stores > 1 {
                held[self.path] = (lock.descriptor, lock.stores - 1)
            } else {
                close(lock.descriptor)
                held[self.path] = nil
            }
        }
    }
}
