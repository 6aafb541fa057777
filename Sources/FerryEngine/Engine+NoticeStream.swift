import FerryDomain
import FerryStore
import Foundation

/// A subscriber's notices and the seq they start after: `since` (no later than the last
/// notice published), or for a live-only stream the last notice published when it opened.
public struct NoticeSubscription: Sendable {
    public let notices: NoticeSequence
    public let after: Int
}

/// The notices of one subscription, read as the subscriber takes them: the stored backlog a
/// page at a time, then the live ones. Nothing is read ahead of the subscriber, so a slow
/// reader holds at most a page of the backlog and the hub's bounded buffer, never a growing
/// queue; once it is more than `NoticeHub.bufferSize` live notices behind, the sequence ends.
public struct NoticeSequence: AsyncSequence, Sendable {
    public typealias Element = Notice
    /// The most backlog notices a subscriber holds: every one that reads slowly holds them,
    /// and anyone may open thousands of `since=0` streams and read nothing (holding pages of
    /// 500, a hundred 6 KB announcements made some 700 KB a connection).
    static let held = 8
    /// The most notices one backlog read looks through: a filter that passes few reads a
    /// long backlog in few reads (the pages grow while they pass nothing).
    static let largestPage = 512

    let live: AsyncStream<Notice>
    /// Where the backlog starts (nil: live only), and the seq live notices must pass.
    let since: Int?
    let head: Int
    let page: @Sendable (_ after: Int, _ limit: Int) async throws -> [Notice]
    let matches: @Sendable (Notice) -> Bool

    public func makeAsyncIterator() -> Iterator {
        Iterator(sequence: self, live: self.live.makeAsyncIterator(), cursor: self.since, last: self.since ?? self.head)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let sequence: NoticeSequence
        var live: AsyncStream<Notice>.Iterator
        /// The next backlog page starts after this seq; nil once the backlog is read.
        var cursor: Int?
        var pending: ArraySlice<Notice> = []
        /// Everything up to this seq was passed on or filtered out: live copies of it are skipped.
        var last: Int
        /// How many notices the next backlog read looks through.
        var pageSize = NoticeSequence.held

        public mutating func next() async throws -> Notice? {
            while !Task.isCancelled {
                if let notice = self.pending.popFirst() { return notice }
                if let after = self.cursor {
                    let page = try await self.sequence.page(after, self.pageSize)
                    // At most `held` matching notices are kept; the read resumes after the last
                    // notice looked at, so what is left of the page is read again later.
                    var kept: [Notice] = []
                    var through = after
                    for notice in page where kept.count < NoticeSequence.held {
                        through = notice.seq
                        if self.sequence.matches(notice) { kept.append(notice) }
                    }
                    self.pending = kept[...]
                    self.last = Swift.max(self.last, through)
                    self.cursor = (page.count < self.pageSize && through == (page.last?.seq ?? after)) ? nil : through
                    self.pageSize = kept.isEmpty ? Swift.min(self.pageSize * 4, NoticeSequence.largestPage) : NoticeSequence.held
                    continue
                }
                guard let notice = await self.live.next() else { return nil }
                if notice.seq > self.last && self.sequence.matches(notice) {
                    self.last = notice.seq
                    return notice
                }
            }
            return nil
        }
    }
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
        let notices = NoticeSequence(
            live: live,
            since: start,
            head: head,
            page: { after, limit in try await self.store.read { tx in try tx.notices(after: after, limit: limit) } },
            matches: { $0.matches(route: route, sailing: sailing, booking: booking, bookingScope: bookingScope) }
        )
        return NoticeSubscription(notices: notices, after: start ?? head)
    }
}
