import FerryDomain
import FerryEngine
import FerryTestSupport
import Foundation
import Synchronization
import Testing

/// Fog closes a whole route for a day while the counters are still selling it.
@Suite struct CancelDayTests {
    static let day = LocalDate("2026-12-02")!
    /// SJW-XCY on 泗礁快1: 260 economy and 40 business seats, four times a day.
    static let sailings = ["SJW-XCY-20261202-0730", "SJW-XCY-20261202-1000", "SJW-XCY-20261202-1330", "SJW-XCY-20261202-1630"]

    /// 240 bookings (paid and held, one and two passengers) and 80 more racing the
    /// cancellation: every booking that was sold is told, nobody can buy after, and every
    /// paid traveller gets the whole fare back.
    @Test func cancelDayOnARouteWithManyBookings() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let ledger = Ledger()
        let sell: @Sendable (Int, String, Bool) async throws -> Void = { n, sailing, pay in
            var passengers = [EngineFixture.adult(n)]
            if n % 5 == 0 { passengers.append(EngineFixture.adult(n + 10_000)) }
            let booking = try await f.book(passengers, sailing: sailing)
            ledger.sold.withLock { _ = $0[sailing, default: []].insert(booking.reference) }
            if pay {
                _ = try await f.engine.pay(reference: booking.reference, method: .online, paymentReference: "pay-\(n)", channel: .online)
                ledger.paid.withLock { _ = $0.insert(booking.reference) }
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (s, sailing) in Self.sailings.enumerated() {
                for i in 0..<60 {
                    let n = s * 100 + i + 1
                    group.addTask { try await sell(n, sailing, i % 4 != 0) }
                }
            }
            try await group.waitForAll()
        }

        // More sales race the cancellation: each lands before its sailing is cancelled or is refused.
        let cancelled = try await withThrowingTaskGroup(of: [(Sailing, Notice)].self) { group in
            // Added first, so the sales below race it rather than all landing before it.
            group.addTask { try await f.engine.cancelDay(routeId: "SJW-XCY", date: Self.day, reason: .weatherFog, message: "Fog at Shenjiawan") }
            for (s, sailing) in Self.sailings.enumerated() {
                for i in 0..<20 {
                    group.addTask {
                        do {
                            try await sell(1_000 + s * 100 + i, sailing, false)
                        } catch let error as FerryError where error.code == .sailingCancelled {
                            ledger.refused.withLock { $0 += 1 }
                        }
                        return []
                    }
                }
            }
            // Announcements race it too: the day's notices still come one after another.
            for n in 0..<20 {
                group.addTask {
                    _ = try await f.engine.announce(routeIds: ["SJW-XCY"], ports: [], title: nil, message: "Pier notice \(n)")
                    return []
                }
            }
            var all: [(Sailing, Notice)] = []
            for try await result in group { all += result }
            return all
        }

        #expect(cancelled.map(\.0.id) == Self.sailings)
        let soldBySailing = ledger.sold.withLock { $0 }
        #expect(soldBySailing.values.reduce(0) { $0 + $1.count } + ledger.refused.withLock { $0 } == 320)
        for (sailing, notice) in cancelled {
            #expect(sailing.status == .cancelled)
            #expect(notice.type == .cancelled && notice.reason == .weatherFog)
            // Exactly the bookings sold on it are told: none missed, none from another sailing.
            #expect(Set(notice.bookings) == soldBySailing[sailing.id] ?? [])
            #expect(notice.affectedBookings == soldBySailing[sailing.id]?.count)
            let view = try await f.engine.sailing(id: sailing.id)
            #expect(view.sailing.status == .cancelled)
        }
        // Notices are numbered one per sailing, consecutively: one change, one transaction.
        let seqs = cancelled.map(\.1.seq)
        #expect(seqs == Array((seqs.first ?? 0)..<(seqs.first ?? 0) + 4))

        // Nothing more is sold.
        await #expect(throws: FerryError.self) { try await sell(9_999, Self.sailings[0], false) }

        // Every paid booking lists its notice and refunds in full, even the day after.
        f.clock.advance(seconds: 3 * 86_400)
        for reference in ledger.paid.withLock({ $0 }) {
            let booking = try await f.engine.booking(reference: reference)
            #expect(booking.notices.map(\.type) == [.cancelled])
            let (refundEntries, after) = try await f.engine.refund(reference: reference, passengers: nil, vehicles: nil, by: "traveller")
            let refund = try #require(refundEntries.only)
            #expect(refund.feeFen == 0)
            #expect(refund.amountFen == booking.totalFen)
            #expect(after.balanceFen == 0)
        }
    }

    /// Dispatchers at two desks cancel the same sailings, one by one and by the day, at once:
    /// each sailing is cancelled exactly once, and the day's cancellation either names what it
    /// cancelled or, when the other desk took every sailing, says there was nothing left (404),
    /// never an empty success.
    @Test func cancelDayRacingSingleCancelsNeverAnswersEmpty() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        for day in 3...10 {
            let date = LocalDate("2026-12-\(day < 10 ? "0" : "")\(day)")!
            let ids = Self.sailings.map { $0.replacingOccurrences(of: "20261202", with: date.compact) }
            let outcomes = try await withThrowingTaskGroup(of: [String]?.self) { group in
                group.addTask {
                    do {
                        let cancelled = try await f.engine.cancelDay(routeId: "SJW-XCY", date: date, reason: .weatherFog, message: nil)
                        #expect(!cancelled.isEmpty)
                        return cancelled.map(\.0.id)
                    } catch let error as FerryError where error.code == .notFound {
                        return nil
                    }
                }
                for id in ids {
                    group.addTask {
                        do {
                            return [try await f.engine.cancel(sailingId: id, reason: .other, message: nil).0.id]
                        } catch let error as FerryError where error.code == .sailingCancelled {
                            return []
                        }
                    }
                }
                var all: [[String]?] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.compactMap { $0 }.flatMap { $0 }.sorted() == ids.sorted())
        }
    }

    /// What the concurrent sellers did.
    final class Ledger: Sendable {
        /// sailing → the references sold on it
        let sold = Mutex<[String: Set<String>]>([:])
        let paid = Mutex<Set<String>>([])
        /// Sales refused because the sailing was already cancelled.
        let refused = Mutex(0)
    }
}
