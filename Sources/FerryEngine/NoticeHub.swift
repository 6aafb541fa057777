import FerryDomain
import Synchronization

/// Fans committed notices out to live subscribers.
///
/// `publish` is called after commit, in commit order, on the store's writer; it never waits:
/// each subscriber has a bounded buffer, and one that falls too far behind is told so and
/// dropped, so a slow subscriber slows neither the others nor the engine.
public final class NoticeHub: Sendable {
    public static let bufferSize = 1024

    private struct Subscriber {
        let continuation: AsyncStream<Notice>.Continuation
        let route: String?
        let sailing: String?
        let booking: String?
    }

    private let subscribers = Mutex<[Int: Subscriber]>([:])
    private let nextId = Mutex(0)

    public init() {}

    /// A live stream of the notices matching the filters, from now on. The stream ends when
    /// the subscriber falls more than `bufferSize` notices behind.
    public func subscribe(route: String?, sailing: String?, booking: String?) -> AsyncStream<Notice> {
        let (stream, continuation) = AsyncStream.makeStream(of: Notice.self, bufferingPolicy: .bufferingOldest(Self.bufferSize))
        let id = self.nextId.withLock { n in
            n += 1
            return n
        }
        self.subscribers.withLock { $0[id] = Subscriber(continuation: continuation, route: route, sailing: sailing, booking: booking) }
        continuation.onTermination = { [weak self] _ in _ = self?.subscribers.withLock { $0.removeValue(forKey: id) } }
        return stream
    }

    public var subscriberCount: Int { self.subscribers.withLock { $0.count } }

    func publish(_ notices: [Notice]) {
        let current = self.subscribers.withLock { $0 }
        for (id, s) in current {
            for notice in notices where notice.matches(route: s.route, sailing: s.sailing, booking: s.booking) {
                if case .dropped = s.continuation.yield(notice) {
                    // The buffer is full: drop the notice and the subscriber; it resumes by seq.
                    self.subscribers.withLock { _ = $0.removeValue(forKey: id) }
                    s.continuation.finish()
                    break
                }
            }
        }
    }
}
