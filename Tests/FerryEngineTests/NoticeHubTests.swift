import FerryDomain
import Foundation
import Synchronization
import Testing

@testable import FerryEngine

@Suite struct NoticeHubTests {
    static func notice(_ seq: Int, route: String = "XCY-LHA") -> Notice {
        Notice(seq: seq, type: .delayed, sailingId: "\(route)-20261201-0840", routeId: route, createdAt: Date(timeIntervalSince1970: 0))
    }

    /// A subscriber that stops reading is dropped once its buffer is full; the others and the
    /// publisher never wait for it.
    @Test func aSlowSubscriberIsDroppedWithoutSlowingTheOthers() async throws {
        let hub = NoticeHub()
        let slow = hub.subscribe(route: nil, sailing: nil, booking: nil).notices
        let fast = hub.subscribe(route: nil, sailing: nil, booking: nil).notices
        let count = NoticeHub.bufferSize + 100
        let seen = Mutex(0)
        let reader = Task {
            var seqs: [Int] = []
            for await n in fast {
                seqs.append(n.seq)
                seen.withLock { $0 = n.seq }
                if n.seq == count { break }
            }
            return seqs
        }
        // Publish in rounds the fast reader keeps up with; the slow one never reads.
        for round in stride(from: 1, through: count, by: 100) {
            for seq in round...min(round + 99, count) { hub.publish([Self.notice(seq)]) }
            while seen.withLock({ $0 }) < min(round + 99, count) { try await Task.sleep(for: .milliseconds(1)) }
        }
        #expect(await reader.value == Array(1...count))
        var slowSeqs: [Int] = []
        for await n in slow { slowSeqs.append(n.seq) }  // ends: it was dropped
        #expect(slowSeqs == Array(1...NoticeHub.bufferSize))
        #expect(hub.subscriberCount == 1)  // only the fast one is left
    }

    /// A subscription reads nothing ahead of its subscriber: one that stops reading part-way
    /// through its backlog is still dropped by the hub's bound once live notices pile up,
    /// rather than having them queued for it without end. What it had not read still comes,
    /// in order, and then it ends (it resumes by seq).
    @Test(.timeLimit(.minutes(1))) func aSubscriptionThatStopsReadingIsDroppedNotQueuedFor() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        for i in 1...3 { _ = try await f.engine.announce(routeIds: [], ports: [], title: nil, message: "n\(i)") }
        let subscription = try await f.engine.noticeStream(since: 0, route: nil, sailing: nil, booking: nil)
        var reader = subscription.notices.makeAsyncIterator()
        #expect(try await reader.next()?.seq == 1)
        #expect(f.engine.hub.subscriberCount == 1)
        f.engine.hub.publish((4...(4 + NoticeHub.bufferSize)).map { Self.notice($0) })
        #expect(f.engine.hub.subscriberCount == 0)
        var seqs = [1]
        while let notice = try await reader.next() { seqs.append(notice.seq) }
        #expect(seqs == Array(1...(3 + NoticeHub.bufferSize)))
    }

    @Test func filtersByRouteSailingAndBooking() async throws {
        let hub = NoticeHub()
        let route = hub.subscribe(route: "XCY-GQI", sailing: nil, booking: nil).notices
        let booking = hub.subscribe(route: nil, sailing: nil, booking: "K7QX2M").notices
        hub.publish([
            Self.notice(1),
            Self.notice(2, route: "XCY-GQI"),
            Notice(seq: 3, type: .cancelled, sailingId: "XCY-LHA-20261201-0840", routeId: "XCY-LHA", createdAt: .now, bookings: ["K7QX2M"]),
            Notice(seq: 4, type: .announcement, message: "all", createdAt: .now),
        ])
        var it = route.makeAsyncIterator()
        #expect(await it.next()?.seq == 2)
        #expect(await it.next()?.seq == 4)
        var b = booking.makeAsyncIterator()
        #expect(await b.next()?.seq == 3)
    }
}
