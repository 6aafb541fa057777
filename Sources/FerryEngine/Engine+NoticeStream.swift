import FerryDomain
import FerryStore
import Foundation

/// A subscriber's notices and the seq they start after: `since` (no later than the last
/// notice published), or for a live-only stream the last notice published when it opened.
public struct NoticeSubscription: Sendable {
    public let notices: AsyncThrowingStream<Notice, any Error>
    public let after: Int
}

extension Engine {
    /// The notices a subscriber receives: with `since`, every matching notice after it, then
    /// the live ones; without it, only what is published from now on.
    ///
    /// The live subscription is opened before the backlog is read, and anything the two both
    /// carry is passed on once, by seq: no gap and no duplicate at the seam, even while
    /// notices are being written. The stream ends if the subscriber falls more than
    /// `NoticeHub.bufferSize` notices behind; it then resumes from the last seq it saw.
    public func noticeStream(since: Int?, route: String?, sailing: String?, booking: String?) async throws -> NoticeSubscription {
        // Subscribed before anything is read, so nothing published meanwhile is missed. A
        // booking's holder also hears announcements to its route (as of now: one moved to
        // another route later hears that route's once it reconnects); the hub passes every
        // announcement until the booking is read, and the scope then narrows them below.
        let (live, head) = self.hub.subscribe(
            route: route,
            sailing: sailing,
            booking: booking,
            bookingScope: booking == nil ? nil : .anyAnnouncement
        )
        let bookingScope: BookingScope? =
            if let booking {
                try await self.store.read { tx in try tx.booking(reference: booking) }
                    .map { BookingScope(routeId: Sailing.routeId(of: $0.sailingId), since: $0.createdAt) }
            } else { nil }
        // A position beyond the last notice stored comes from another history (a database
        // restored from a backup): start from the last, so new notices are not taken for old
        // ones. The store, not the hub, says what the last is: a notice is readable (and may
        // have been seen) a moment before it is published.
        var start = since
        if let position = since, position > head { start = min(position, try await self.store.read { tx in try tx.lastNoticeSeq() }) }
        let since = start
        let notices = AsyncThrowingStream<Notice, any Error> { continuation in
            let task = Task {
                do {
                    var last = since ?? head
                    if let since {
                        var cursor = since
                        while !Task.isCancelled {
                            let after = cursor
                            let page = try await self.store.read { tx in try tx.notices(after: after, limit: 500) }
                            for notice in page where notice.matches(route: route, sailing: sailing, booking: booking, bookingScope: bookingScope) {
                                continuation.yield(notice)
                                last = notice.seq
                            }
                            // Everything read is passed on or filtered out: live copies of it are skipped.
                            if let end = page.last { last = max(last, end.seq) }
                            guard let end = page.last, page.count == 500 else { break }
                            cursor = end.seq
                        }
                    }
                    for await notice in live
                    where notice.seq > last && notice.matches(route: route, sailing: sailing, booking: booking, bookingScope: bookingScope) {
                        continuation.yield(notice)
                        last = notice.seq
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return NoticeSubscription(notices: notices, after: since ?? head)
    }
}
