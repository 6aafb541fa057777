import FerryDomain
import FerryEngine
import FerryStore
import FerryTestSupport
import Foundation
import Testing

/// Money is exact: what a booking holds is always the fares of those still travelling plus
/// the fees kept.
func expectBalanced(_ b: Booking, sourceLocation: SourceLocation = #_sourceLocation) {
    let fares = b.passengers.filter(\.isTravelling).reduce(0) { $0 + $1.fareFen } + b.vehicles.filter(\.isTravelling).reduce(0) { $0 + $1.fareFen }
    let fees = b.refunds.reduce(0) { $0 + $1.feeFen } + b.payments.reduce(0) { $0 + $1.feeFen }
    #expect(b.feesFen == fees)
    #expect(b.balanceFen == fares + fees, "balance \(b.balanceFen) ≠ fares \(fares) + fees \(fees)", sourceLocation: sourceLocation)
}

@Suite struct RefundTests {
    /// 08:40 tomorrow, economy 3800 fen.
    static let departure = LocalTime.parse("2026-11-30T08:40:00+08:00")!

    func paid(
        _ f: EngineFixture,
        _ passengers: [PassengerRequest],
        sailing: String = EngineFixture.smallSailing,
        vehicles: [VehicleRequest] = []
    )
        async throws -> Booking
    {
        let held = try await f.book(passengers, sailing: sailing, vehicles: vehicles)
        return try await f.engine.pay(reference: held.reference, method: .wechat, paymentReference: nil, channel: .counter)
    }

    /// Two travellers pay online, then a counter moves them to a dearer crossing and takes the
    /// difference in cash; later one of them moves again on his own booking. However the
    /// money is split, each way gets back what it brought, never more: the provider is not
    /// asked for money it never took, and the cash comes back as cash.
    @Test func moneyPaidTwoWaysGoesBackEachWay() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let held = try await f.book([EngineFixture.adult(1), EngineFixture.adult(2)], sailing: "SJW-LZS-20261203-1400")
        let online = try await f.engine.pay(reference: held.reference, method: .online, paymentReference: "wx-1", channel: .online)
        #expect(online.totalFen == 22_000)
        // SJW-XCY is 13800 a seat: 5600 more for the two, paid in cash.
        let dearer = try await f.engine.rebook(
            RebookRequest(reference: online.reference, targetSailingId: "SJW-XCY-20261205-1330", method: .cash, channel: .counter, by: "c1")
        )
        #expect(dearer.booking.funds == [FundShare(method: .cash, amountFen: 5_600), FundShare(method: .online, amountFen: 22_000)])
        // The second traveller moves on to another day at the same fare: his 13800 leaves as
        // the cash top-up first, then online money.
        let split = try await f.engine.rebook(
            RebookRequest(reference: online.reference, targetSailingId: "SJW-XCY-20261206-1330", passengers: [1], channel: .counter, by: "c1")
        )
        #expect(split.booking.transfers.map(\.method) == [.cash, .online])
        #expect(split.booking.transfers.map(\.amountFen) == [5_600, 8_200])
        let (second, secondAfter) = try await f.engine.refund(reference: split.booking.reference, passengers: nil, vehicles: nil, by: "c1")
        #expect(second.map(\.method) == [.cashDue, .online] && second.map(\.amountFen) == [5_600, 8_200])
        let (first, firstAfter) = try await f.engine.refund(reference: online.reference, passengers: nil, vehicles: nil, by: "traveller")
        #expect(first.map(\.method) == [.online] && first.map(\.amountFen) == [13_800])
        for booking in [secondAfter, firstAfter] {
            expectBalanced(booking)
            #expect(booking.funds.isEmpty)
        }

        // The same without the split: one refund of both gives two entries, the fee on the first.
        let again = try await f.book([EngineFixture.adult(3), EngineFixture.adult(4)], sailing: "SJW-LZS-20261203-1400")
        _ = try await f.engine.pay(reference: again.reference, method: .online, paymentReference: "wx-2", channel: .online)
        _ = try await f.engine.rebook(
            RebookRequest(reference: again.reference, targetSailingId: "SJW-XCY-20261205-1330", method: .cash, channel: .counter, by: "c1")
        )
        f.clock.set(LocalTime.parse("2026-12-05T08:30:00+08:00")!)  // 5 h left: 10% a seat
        let (both, after) = try await f.engine.refund(reference: again.reference, passengers: nil, vehicles: nil, by: "c1")
        #expect(both.map(\.method) == [.cashDue, .online])
        #expect(both.map(\.amountFen) == [5_600, 27_600 - 2_760 - 5_600] && both.map(\.feeFen) == [2_760, 0])
        expectBalanced(after)
    }

    /// Cash comes back in cash, once: two counters racing to hand over the same refund
    /// cannot both do it, and a refund to a provider has no cash to hand over.
    @Test func aCashRefundIsPaidOutOnceAtAnyCounter() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let held = try await f.book([EngineFixture.adult(1)])
        _ = try await f.engine.pay(reference: held.reference, method: .cash, paymentReference: nil, channel: .counter)
        let (refundEntries, _) = try await f.engine.refund(reference: held.reference, passengers: nil, vehicles: nil, by: "counter-1")
        let refund = try #require(refundEntries.only)
        #expect(refund.method == .cashDue && refund.paidOutAt == nil)
        let missing = await #expect(throws: FerryError.self) { _ = try await f.engine.payOut(reference: held.reference, refundId: "RFNONE", by: "c") }
        #expect(missing?.code == .notFound)

        f.clock.advance(seconds: 600)
        let outcomes = await withTaskGroup(of: Result<Booking, any Error>.self) { group in
            for counter in ["counter-2", "counter-3", "counter-4"] {
                group.addTask {
                    do { return .success(try await f.engine.payOut(reference: held.reference, refundId: refund.id, by: counter)) } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let paid = outcomes.compactMap { try? $0.get() }
        #expect(paid.count == 1)
        let refusals: [FerryError.Code?] = outcomes.compactMap {
            guard case .failure(let error) = $0 else { return nil }
            return error.ferryCode
        }
        #expect(refusals == [.alreadyPaidOut, .alreadyPaidOut])
        let stored = try #require(try await f.engine.booking(reference: held.reference).refunds.first)
        #expect(stored.paidOutAt == f.clock.now() && stored.paidOutBy == paid.first?.refunds.first?.paidOutBy)
        #expect(["counter-2", "counter-3", "counter-4"].contains(stored.paidOutBy ?? ""))

        // A rebooking whose fee used up what was over leaves a cash entry of nothing.
        let nothing = Refund(
            id: "RFNOTHING00000",
            amountFen: 0,
            feeFen: 190,
            method: .cashDue,
            reason: .rebook,
            passengers: [0],
            vehicles: [],
            refundedBy: "c",
            createdAt: f.clock.now()
        )
        try await f.engine.store.write { tx in try tx.insert(refund: nothing, reference: held.reference) }
        let empty = await #expect(throws: FerryError.self) { _ = try await f.engine.payOut(reference: held.reference, refundId: nothing.id, by: "c") }
        #expect(empty?.code == .notCashDue)

        let online = try await self.paid(f, [EngineFixture.adult(2)])
        let (wechatEntries, _) = try await f.engine.refund(reference: online.reference, passengers: nil, vehicles: nil, by: "traveller")
        let wechat = try #require(wechatEntries.only)
        let notCash = await #expect(throws: FerryError.self) {
            _ = try await f.engine.payOut(reference: online.reference, refundId: wechat.id, by: "c")
        }
        #expect(notCash?.code == .notCashDue)
    }

    @Test(arguments: [
        (-24 * 3600, 0),  // exactly 24 h left: free
        (-24 * 3600 + 1, 380),  // a second less: 10%
        (-2 * 3600, 380),  // exactly 2 h: 10%
        (-2 * 3600 + 1, 760),  // under 2 h: 20%
        (-1, 760),
    ])
    func feeTiersAtTheirBoundaries(offset: Int, fee: Int) async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let booking = try await self.paid(f, [EngineFixture.adult(1)])
        f.clock.set(Self.departure + TimeInterval(offset))
        let (refundEntries, after) = try await f.engine.refund(reference: booking.reference, passengers: nil, vehicles: nil, by: "traveller")
        let refund = try #require(refundEntries.only)
        #expect(refund.feeFen == fee)
        #expect(refund.amountFen == 3800 - fee)
        #expect(refund.method == .wechat)
        #expect(after.status == .refunded)
        #expect(after.passengers[0].ticket?.status == .refunded)
        expectBalanced(after)
    }

    @Test func refusedOnceDepartedAndNeverTwice() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let a = try await self.paid(f, [EngineFixture.adult(1)])
        let b = try await self.paid(f, [EngineFixture.adult(2)])
        _ = try await f.engine.refund(reference: a.reference, passengers: nil, vehicles: nil, by: "traveller")
        do {
            _ = try await f.engine.refund(reference: a.reference, passengers: nil, vehicles: nil, by: "traveller")
            Issue.record("expected already_refunded")
        } catch { #expect(error.ferryCode == .alreadyRefunded) }
        f.clock.set(Self.departure)
        do {
            _ = try await f.engine.refund(reference: b.reference, passengers: nil, vehicles: nil, by: "traveller")
            Issue.record("expected refund_closed")
        } catch { #expect(error.ferryCode == .refundClosed) }
        let unpaid = try await f.book([EngineFixture.adult(3)], sailing: "XCY-LHA-20261201-0840")
        do {
            _ = try await f.engine.refund(reference: unpaid.reference, passengers: nil, vehicles: nil, by: "traveller")
            Issue.record("expected booking_not_confirmed")
        } catch { #expect(error.ferryCode == .bookingNotConfirmed) }
    }

    @Test func concurrentRefundsPayOnce() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let booking = try await self.paid(f, [EngineFixture.adult(1), EngineFixture.adult(2)])
        let results = await withTaskGroup(of: Int?.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try? await f.engine.refund(reference: booking.reference, passengers: [1], vehicles: nil, by: "t").refunds.only?.amountFen
                }
            }
            return await group.reduce(into: [Int]()) { if let v = $1 { $0.append(v) } }
        }
        #expect(results == [3420])  // 22 h 40 min left: 10% kept
        let after = try await f.engine.booking(reference: booking.reference)
        #expect(after.refunds.count == 1)
        #expect(after.status == .confirmed)
        expectBalanced(after)
    }

    @Test func guardianTakesTheFreeChildAndDriverTheVehicle() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let car = VehicleRequest(plate: "浙L55555", kind: .car, category: .general, driver: 0)
        let booking = try await self.paid(
            f,
            [EngineFixture.adult(1), EngineFixture.freeChild(1, guardian: 0), EngineFixture.adult(2)],
            sailing: EngineFixture.roroSailing,
            vehicles: [car]
        )
        // 14:00 tomorrow, now 10:00 today: 28 h left, no fee.
        let (refundEntries, after) = try await f.engine.refund(reference: booking.reference, passengers: [0], vehicles: nil, by: "counter-1")
        let refund = try #require(refundEntries.only)
        #expect(refund.passengers == [0, 1])
        #expect(refund.vehicles == [0])
        #expect(refund.amountFen == 11000 + 20000)
        #expect(after.passengers.map(\.isTravelling) == [false, false, true])
        #expect(after.status == .confirmed)
        expectBalanced(after)
        let sailing = try await f.engine.sailing(id: EngineFixture.roroSailing)
        #expect(sailing.headsAvailable == 479)
        #expect(sailing.deck?.available.general == 15)
        // The freed identity can book again.
        _ = try await f.book([EngineFixture.adult(1)], sailing: EngineFixture.roroSailing)
    }

    @Test func aVehicleAlone() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let car = VehicleRequest(plate: "浙L55555", kind: .van, category: .general, driver: 0)
        let booking = try await self.paid(f, [EngineFixture.adult(1)], sailing: EngineFixture.roroSailing, vehicles: [car])
        f.clock.set(LocalTime.parse("2026-11-30T13:00:00+08:00")!)  // 1 h left: 20%
        let (refundEntries, after) = try await f.engine.refund(reference: booking.reference, passengers: nil, vehicles: [0], by: "t")
        let refund = try #require(refundEntries.only)
        #expect(refund.feeFen == 7000)
        #expect(refund.amountFen == 28000)
        #expect(after.passengers[0].isTravelling)
        expectBalanced(after)
    }

    @Test func disruptedSailingsRefundInFullAtAnyTime() throws {
        let policy = RefundPolicy()
        var sailing = Sailing(
            id: "x",
            routeId: "r",
            scheduledDeparture: Self.departure,
            departure: Self.departure,
            vesselId: "v",
            status: .scheduled
        )
        #expect(throws: FerryError.self) { try policy.refundPercent(sailing: sailing, now: Self.departure + 600) }
        sailing.status = .cancelled
        #expect(try policy.refundPercent(sailing: sailing, now: Self.departure + 600) == 0)
        sailing.status = .delayed
        sailing.departure = Self.departure + 3600
        #expect(try policy.refundPercent(sailing: sailing, now: Self.departure + 3000) == 20)
        sailing.departure = Self.departure + 3601
        #expect(try policy.refundPercent(sailing: sailing, now: Self.departure + 7200) == 0)
        #expect(try policy.rebookPercent(sailing: sailing, now: Self.departure + 7200) == 0)
    }

    /// Rebooking closes at the cut-off, and at departure even when the cut-off is set to 0.
    @Test func rebookingClosesAtItsCutoffAndAtDeparture() throws {
        var policy = RefundPolicy()
        let sailing = Sailing(id: "x", routeId: "r", scheduledDeparture: Self.departure, departure: Self.departure, vesselId: "v", status: .scheduled)
        #expect(try policy.rebookPercent(sailing: sailing, now: Self.departure - 1800) == 5)
        #expect(throws: FerryError.self) { try policy.rebookPercent(sailing: sailing, now: Self.departure - 1799) }
        policy.rebookCutoffMinutes = 0
        #expect(try policy.rebookPercent(sailing: sailing, now: Self.departure - 1) == 5)
        #expect(throws: FerryError.self) { try policy.rebookPercent(sailing: sailing, now: Self.departure) }
    }
}
