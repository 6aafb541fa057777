import FerryDomain
import Foundation
import GRDB
import Synchronization

/// Group commit: concurrent writes share one SQLite transaction, and so one `fsync`.
///
/// With `synchronous=FULL` every commit waits for the disk, and a write per request made the
/// disk the bottleneck. Here each write runs in its own savepoint (its statements prepared
/// once, not per write as `Database.inSavepoint` does) inside a batch transaction: one that
/// throws is rolled back alone and its caller gets its error, while the others commit
/// together. Every caller is answered only after the batch's commit has returned, that is
/// once its work is on disk; if the batch fails as a whole (nothing of it kept), each write
/// is run again in a transaction of its own. Writes keep their order: a batch runs them one
/// after another on the single writer connection, so each sees the ones before it, exactly
/// as serialised transactions would.
final class WriteBatcher: Sendable {
    /// One caller's write, type-erased: `run` executes it inside the batch transaction,
    /// `finish` answers the caller once the batch has committed (or failed to).
    fileprivate struct Job: Sendable {
        let run: @Sendable (Database) -> [@Sendable () -> Void]
        let finish: @Sendable ((any Error)?) -> Void
    }

    private struct State {
        var pending: [Job] = []
        /// A drainer thread is running.
        var draining = false
        /// The drainer is waiting on `wake` for more writes.
        var idle = false
        var committedBatches = 0
    }

    /// The most writes one transaction carries: bounds how long the first of them waits.
    static let maxBatch = 512

    private let writer: any DatabaseWriter
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    init(writer: any DatabaseWriter) { self.writer = writer }

    /// How many batch transactions have committed: fewer than the writes when they were grouped.
    var committedBatches: Int { self.state.withLock { $0.committedBatches } }

    func write<T: Sendable>(_ body: @escaping @Sendable (GRDBTransaction) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = Outcome<T>()
            let job = Job(
                run: { db in
                    let tx = GRDBTransaction(db: db)
                    do {
                        try db.cachedStatement(sql: "SAVEPOINT job").execute()
                    } catch {
                        outcome.result = .failure(error)
                        return []
                    }
                    do {
                        outcome.result = .success(try body(tx))
                        try db.cachedStatement(sql: "RELEASE job").execute()
                        return tx.afterCommitActions.list
                    } catch {
                        outcome.result = .failure(error)
                        // Undoes this write alone; the batch's transaction goes on.
                        try? db.cachedStatement(sql: "ROLLBACK TO job").execute()
                        try? db.cachedStatement(sql: "RELEASE job").execute()
                        return []
                    }
                },
                finish: { commitError in
                    if let commitError {
                        continuation.resume(throwing: commitError)
                    } else {
                        continuation.resume(with: outcome.result ?? .failure(CancellationError()))
                    }
                }
            )
            let action = self.state.withLock { state -> DrainerAction in
                state.pending.append(job)
                if !state.draining {
                    state.draining = true
                    return .start
                }
                if state.idle {
                    state.idle = false
                    return .wake
                }
                return .none
            }
            switch action {
            case .start: Thread { self.drain() }.start()
            case .wake: self.wake.signal()
            case .none: break
            }
        }
    }

    private enum DrainerAction { case start, wake, none }

    /// Runs batches until nobody has been waiting for a while, on a thread of its own.
    ///
    /// The batches run synchronously on this thread (GRDB runs a write on the calling thread
    /// when its queue is free): no hop to the writer's queue and back to an executor between
    /// one batch and the next, which under load cost as much as the commit itself.
    private func drain() {
        while true {
            let batch: [Job] = self.state.withLock { state in
                let batch = Array(state.pending.prefix(Self.maxBatch))
                state.pending.removeFirst(batch.count)
                if batch.isEmpty { state.idle = true }
                return batch
            }
            guard !batch.isEmpty else {
                // Linger a moment for the next write rather than start a thread for it.
                _ = self.wake.wait(timeout: .now() + .milliseconds(100))
                let done = self.state.withLock { state in
                    state.idle = false
                    guard state.pending.isEmpty else { return false }
                    state.draining = false
                    return true
                }
                if done { return }
                continue
            }
            do {
                try self.commit(batch)
            } catch  where batch.count > 1 {
                // Something undid the whole transaction (a full disk, an I/O error): nothing of
                // it was kept, so each write runs again alone and gets its own answer.
                for job in batch {
                    do { try self.commit([job]) } catch { job.finish(error) }
                }
            } catch {
                for job in batch { job.finish(error) }
            }
        }
    }
}

extension WriteBatcher {
    /// Runs the jobs in one transaction; once it has committed, publishes what they asked to
    /// publish (in commit order: how notices reach the hub in seq order), then answers them.
    fileprivate func commit(_ jobs: [Job]) throws {
        let actions = try self.writer.write { db in jobs.flatMap { $0.run(db) } }
        self.state.withLock { $0.committedBatches += 1 }
        for action in actions { action() }
        for job in jobs { job.finish(nil) }
    }
}

/// What a write produced, set on the writer's queue and read after the batch commits.
private final class Outcome<T: Sendable>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
