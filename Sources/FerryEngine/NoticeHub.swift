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
        let bookingScope: BookingScope?
    }

    private struct State {
        var subscribers: [Int: Subscriber] = [:]
        var nextId = 0
        /// The seq of the last notice published: a new subscriber receives everything after it.
        var lastSeq = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Where publishing stands when the engine starts: the last seq already in the store.
    func start(after seq: Int) {
        self.state.withLock { $0.lastSeq = max($0.lastSeq, seq) }
    }

    /// A live stream of the notices matching the filters, from now on, and the seq it starts
    /// after (a client that reconnects from there misses nothing). The stream ends when the
    /// subscriber falls more than `bufferSize` notices behind.
    public func subscribe(
        route: String?,
        sailing: String?,
        booking: String?,
        bookingScope: BookingScope? = nil
    ) -> (notices: AsyncStream<Notice>, after: Int) {
        let (stream, continuation) = AsyncStream.makeStream(of: Notice.self, bufferingPolicy: .bufferingOldest(Self.bufferSize))
        let subscriber = Subscriber(continuation: continuation, route: route, sailing: sailing, booking: booking, bookingScope: bookingScope)
        let (id, after) = self.state.withLock { state in
            state.nextId += 1
            state.subscribers[state.nextId] = subscriber
            return (state.nextId, state.lastSeq)
        }
        continuation.onTermination = { [weak self] _ in _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) } }
        return (stream, after)
    }

    public var subscriberCount: Int { self.state.withLock { $0.subscribers.count } }

    func publish(_ notices: [Notice]) {
        let current = self.state.withLock { state in
            state.lastSeq = max(state.lastSeq, notices.last?.seq ?? 0)
            return state.subscribers
        }
        for (id, s) in current {
            for notice in notices where notice.matches(route: s.route, sailing: s.sailing, booking: s.booking, bookingScope: s.bookingScope) {
                if case .dropped = s.continuation.yield(notice) {
                    // The buffer is full: drop the notice and the subscriber; it resumes by seq.
                    self.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
                    s.continuation.finish()
                    break
                }
            }
        }
    }
}
