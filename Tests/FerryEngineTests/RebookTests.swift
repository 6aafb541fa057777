import FerryDomain
import FerryEngine
import FerryStore
import FerryTestSupport
import Foundation
import Testing

@Suite struct RebookTests {
    static let tomorrow = EngineFixture.smallSailing  // XCY-LHA 2026-11-30 08:40, economy 3800
    static let later = "XCY-LHA-20261215-0840"

    func paid(_ f: EngineFixture, _ passengers: [PassengerRequest], sailing: String = tomorrow) async throws -> Booking {
        let held = try await f.book(passengers, sailing: sailing)
        return try await f.engine.pay(reference: held.reference, method: .online, paymentReference: "pay-\(held.reference)", channel: .online)
    }

    func rebook(
        _ f: EngineFixture,
        _ reference: String,
        to target: String,
        passengers: [Int]? = nil,
        method: PaymentMethod? = nil,
        from: String? = nil,
        agreed: Int? = nil
    ) async throws -> RebookResult {
        try await f.engine.rebook(
            RebookRequest(
                reference: reference,
                targetSailingId: target,
                passengers: passengers,
                method: method,
                paymentReference: method == nil ? nil : "p2",
                fromSailingId: from,
                agreedAmountFen: agreed,
                channel: .online,
                by: "traveller"
            )
        )
    }

    @Test func crossDateThereAndBack() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let booking = try await self.paid(f, [EngineFixture.adult(1), EngineFixture.freeChild(1, guardian: 0)])
        let oldCodes = booking.passengers.compactMap { $0.ticket?.code }
        let there = try await self.rebook(f, booking.reference, to: Self.later)
        #expect(there.booking.reference == booking.reference)
        #expect(there.booking.sailingId == Self.later)
        #expect(there.feeFen == 0)
        #expect(there.fareDifferenceFen == 0)
        #expect(there.token == nil)
        let newCodes = there.booking.passengers.compactMap { $0.ticket?.code }
        #expect(newCodes.count == 2 && Set(newCodes).isDisjoint(with: oldCodes))
        #expect(f.engine.signer.verify(newCodes[1])?.payload.guardianTicketId == there.booking.passengers[0].ticket?.id)
        expectBalanced(there.booking)
        // The old codes are superseded: a gate refuses them.
        f.clock.set(LocalTime.parse("2026-11-30T08:00:00+08:00")!)
        do {
            _ = try await f.engine.checkIn(.codes([oldCodes[0]], sailingId: nil), gate: "g")
            Issue.record("expected ticket_not_valid")
        } catch { #expect(error.ferryCode == .ticketNotValid) }
        #expect(try await f.engine.sailing(id: Self.tomorrow).headsAvailable == 56)
        #expect(try await f.engine.sailing(id: Self.later).headsAvailable == 54)

        // And back, within 2 h of the new departure? No: the later sailing is weeks away, free again.
        let back = try await self.rebook(f, booking.reference, to: "XCY-LHA-20261201-0840")
        #expect(back.booking.sailingId == "XCY-LHA-20261201-0840")
        #expect(try await f.engine.sailing(id: Self.later).headsAvailable == 56)
        expectBalanced(back.booking)
    }

    @Test func aFullTargetChangesNothing() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let booking = try await self.paid(f, [EngineFixture.adult(1), EngineFixture.adult(2)])
        for n in 10..<59 { _ = try await f.book([EngineFixture.adult(n)], sailing: Self.later) }  // 49 of 50 seats
        let before = try await f.engine.sailing(id: Self.later)
        do {
            _ = try await self.rebook(f, booking.reference, to: Self.later)
            Issue.record("expected sold_out")
        } catch { #expect(error.ferryCode == .soldOut) }
        let after = try await f.engine.booking(reference: booking.reference)
        #expect(after == booking)
        #expect(try await f.engine.sailing(id: Self.later).seatsAvailable == before.seatsAvailable)
        #expect(try await f.engine.sailing(id: Self.tomorrow).seatsAvailable[.economy] == 48)
        // One of them fits: moving just that one splits the booking.
        let split = try await self.rebook(f, booking.reference, to: Self.later, passengers: [1])
        #expect(split.booking.reference != booking.reference)
        #expect(split.booking.rebookedFrom == booking.reference)
        #expect(split.token != nil)
        #expect(split.booking.passengers.map(\.index) == [0])
        let old = try await f.engine.booking(reference: booking.reference)
        #expect(old.rebookedTo == [split.booking.reference])
        #expect(old.passengers[1].movedTo == split.booking.reference)
        #expect(old.passengers[1].ticket?.status == .superseded)
        expectBalanced(old)
        expectBalanced(split.booking)
    }

    @Test func concurrentRebooksOfOneBookingToDifferentTargets() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let booking = try await self.paid(f, [EngineFixture.adult(1)])
        let targets = (1...8).map { "XCY-LHA-202612\(String(format: "%02d", $0 + 1))-0840" }
        let winners = await withTaskGroup(of: String?.self) { group in
            for target in targets {
                group.addTask { try? await self.rebook(f, booking.reference, to: target, from: Self.tomorrow).booking.sailingId }
            }
            return await group.reduce(into: [String]()) { if let v = $1 { $0.append(v) } }
        }
        #expect(winners.count == 1)
        let after = try await f.engine.booking(reference: booking.reference)
        #expect([after.sailingId] == winners)
        var seated = 0
        for target in targets { seated += 50 - (try await f.engine.sailing(id: target).seatsAvailable[.economy] ?? 0) }
        #expect(seated == 1)
        // Without the precondition a later rebooking applies to where the booking is now.
        let next = try await self.rebook(f, booking.reference, to: Self.later)
        #expect(next.booking.sailingId == Self.later)
    }

    @Test func manyRebooksOntoANearlyFullSailingNeverOversell() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        for n in 0..<45 { _ = try await f.book([EngineFixture.adult(n)], sailing: Self.later) }
        var bookings: [Booking] = []
        for n in 100..<140 { bookings.append(try await self.paid(f, [EngineFixture.adult(n)])) }
        let moved = await withTaskGroup(of: Bool.self) { group in
            for b in bookings { group.addTask { (try? await self.rebook(f, b.reference, to: Self.later)) != nil } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(moved == 5)
        #expect(try await f.engine.sailing(id: Self.later).seatsAvailable[.economy] == 0)
        #expect(try await f.engine.sailing(id: Self.tomorrow).seatsAvailable[.economy] == 10 + 5)
    }

    @Test func aChildWhoTurnedSixPaysAndTheFeeAppliesLate() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        // Born 2020-12-10: 5 tomorrow, 6 on the 15th.
        let kid = PassengerRequest(
            name: "小宝",
            idType: .householdRegister,
            idNumber: TestData.citizenId(7, birth: "20201210"),
            fareType: .freeChild,
            guardian: 0
        )
        let booking = try await self.paid(f, [EngineFixture.adult(1), kid])
        do {
            _ = try await self.rebook(f, booking.reference, to: Self.later)
            Issue.record("expected a payment to be asked for")
        } catch {
            #expect(error.ferryCode == .validationFailed)
            // The refusal is the price, for a client to show its traveller before paying.
            #expect((error as? FerryError)?.amounts == ["amountDueFen": 1900, "feeFen": 0, "fareDifferenceFen": 1900])
        }
        let result = try await self.rebook(f, booking.reference, to: Self.later, method: .online)
        #expect(result.fareDifferenceFen == 1900)
        #expect(result.booking.passengers[1].fareType == .child)
        #expect(result.booking.passengers[1].seatClass == .economy)
        #expect(result.booking.passengers[1].guardian == nil)
        #expect(result.booking.payments.last?.amountFen == 1900)
        expectBalanced(result.booking)

        // Within 2 h of the (new) departure: 5% fee on the fares paid; within 30 min: closed.
        f.clock.set(LocalTime.parse("2026-12-15T07:00:00+08:00")!)
        do {
            _ = try await self.rebook(f, booking.reference, to: "XCY-LHA-20261216-0840")
            Issue.record("expected the fee to be asked for")
        } catch {
            #expect((error as? FerryError)?.amounts == ["amountDueFen": 285, "feeFen": 285, "fareDifferenceFen": 0])
        }
        // Agreed to less (the price read before the fee began), it is refused, not charged.
        do {
            _ = try await self.rebook(f, booking.reference, to: "XCY-LHA-20261216-0840", method: .online, agreed: 0)
            Issue.record("expected price_changed")
        } catch {
            #expect(error.ferryCode == .priceChanged)
            #expect((error as? FerryError)?.amounts["amountDueFen"] == 285)
        }
        #expect(try await f.engine.booking(reference: booking.reference).sailingId == Self.later)
        let late = try await self.rebook(f, booking.reference, to: "XCY-LHA-20261216-0840", method: .online, agreed: 285)
        #expect(late.feeFen == 190 + 95)
        expectBalanced(late.booking)
        f.clock.set(LocalTime.parse("2026-12-16T08:10:01+08:00")!)
        do {
            _ = try await self.rebook(f, booking.reference, to: "XCY-LHA-20261217-0840", method: .online)
            Issue.record("expected rebook_closed")
        } catch { #expect(error.ferryCode == .rebookClosed) }
    }

    /// The instants themselves: exactly 2 h left is still free, 2 h less a second costs 5%,
    /// and exactly 30 min left may still rebook.
    @Test func feeAndCutOffAtTheirExactInstants() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let booking = try await self.paid(f, [EngineFixture.adult(1)])
        f.clock.set(LocalTime.parse("2026-11-30T06:40:00+08:00")!)
        let free = try await self.rebook(f, booking.reference, to: "XCY-LHA-20261201-0840")
        #expect(free.feeFen == 0)
        f.clock.set(LocalTime.parse("2026-12-01T06:40:01+08:00")!)
        let charged = try await self.rebook(f, booking.reference, to: "XCY-LHA-20261202-0840", method: .online)
        #expect(charged.feeFen == 190)
        f.clock.set(LocalTime.parse("2026-12-02T08:10:00+08:00")!)
        let last = try await self.rebook(f, booking.reference, to: "XCY-LHA-20261203-0840", method: .online)
        #expect(last.booking.sailingId == "XCY-LHA-20261203-0840")
        expectBalanced(last.booking)
    }

    /// The 5% fee is rounded down per passenger: on LZS-HLG (3500) an adult and two
    /// children (1750 each) pay 175 + 87 + 87, not 5% of 7000.
    @Test func theFeeIsRoundedDownPerPassenger() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let child = { (n: Int) in
            PassengerRequest(name: "儿童\(n)", idType: .householdRegister, idNumber: TestData.citizenId(n, birth: "20180101"), fareType: .child)
        }
        let booking = try await self.paid(f, [EngineFixture.adult(1), child(2), child(3)], sailing: "LZS-HLG-20261130-1100")
        #expect(booking.totalFen == 7000)
        f.clock.set(LocalTime.parse("2026-11-30T09:30:00+08:00")!)
        let moved = try await self.rebook(f, booking.reference, to: "LZS-HLG-20261201-1100", method: .online)
        #expect(moved.feeFen == 175 + 87 + 87)
        expectBalanced(moved.booking)
    }

    @Test func onlyBetweenTheSameIslandsAndInsideTheWindow() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let booking = try await self.paid(f, [EngineFixture.adult(1)])
        do {
            _ = try await self.rebook(f, booking.reference, to: "XCY-HNA-20261201-0820")
            Issue.record("expected validation_failed")
        } catch {
            #expect(
                error as? FerryError
                    == FerryError(
                        .validationFailed,
                        "Sailing XCY-HNA-20261201-0820 does not cross between the same islands as \(booking.sailingId) (SIJIAO to LUHUA): rebook onto a crossing the same way."
                    )
            )
        }
        do {
            _ = try await self.rebook(f, booking.reference, to: "XCY-LHA-20270128-0840")  // opens 2026-11-29 08:40: on sale
            _ = try await self.rebook(f, booking.reference, to: "XCY-LHA-20270129-0840")  // opens tomorrow
            Issue.record("expected outside_booking_window")
        } catch { #expect(error.ferryCode == .outsideBookingWindow) }
    }

    /// A family on the car ferry: only the mother, her free child and her car move; the
    /// father stays. Indexes in the new booking are renumbered and the links follow.
    @Test func partialMoveCarriesTheChildAndTheCarWithNewIndexes() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let car = VehicleRequest(plate: "浙L66666", kind: .car, category: .general, driver: 1)
        let held = try await f.book(
            [EngineFixture.adult(1), EngineFixture.adult(2), EngineFixture.freeChild(2, guardian: 1)],
            sailing: EngineFixture.roroSailing,
            vehicles: [car]
        )
        let booking = try await f.engine.pay(reference: held.reference, method: .alipay, paymentReference: nil, channel: .counter)
        let target = "SJW-LZS-20261203-0800"
        let result = try await f.engine.rebook(
            RebookRequest(reference: booking.reference, targetSailingId: target, passengers: [1], channel: .counter, by: "counter-1")
        )
        let moved = result.booking
        #expect(moved.passengers.map(\.name) == ["旅客2", "儿童2"])
        #expect(moved.passengers[1].guardian == 0)
        #expect(moved.vehicles.map(\.plate) == ["浙L66666"])
        #expect(moved.vehicles[0].driver == 0)
        #expect(f.engine.signer.verify(try #require(moved.passengers[1].ticket?.code))?.payload.guardianTicketId == moved.passengers[0].ticket?.id)
        expectBalanced(moved)
        let old = try await f.engine.booking(reference: booking.reference)
        #expect(old.passengers.map(\.isTravelling) == [true, false, false])
        #expect(old.vehicles[0].movedTo == moved.reference)
        expectBalanced(old)
        #expect(old.balanceFen + moved.balanceFen == booking.balanceFen)
        // Places moved with them: the old sailing has them back, the new one holds them.
        #expect(try await f.engine.sailing(id: EngineFixture.roroSailing).headsAvailable == 479)
        #expect(try await f.engine.sailing(id: target).headsAvailable == 478)
        #expect(try await f.engine.deck(sailingId: target).taken.general == 1)
        #expect(try await f.engine.deck(sailingId: EngineFixture.roroSailing).taken.general == 0)
        // A refund of the new booking goes back to Alipay, the way the money came.
        let (refundEntries, _) = try await f.engine.refund(reference: moved.reference, passengers: nil, vehicles: nil, by: "counter-1")
        let refund = try #require(refundEntries.only)
        #expect(refund.method == .alipay)
        #expect(refund.passengers == [0, 1])
        #expect(refund.vehicles == [0])
    }

    @Test func aFreeChildCannotMoveWithoutItsGuardian() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let booking = try await self.paid(f, [EngineFixture.adult(1), EngineFixture.freeChild(1, guardian: 0)])
        do {
            _ = try await self.rebook(f, booking.reference, to: Self.later, passengers: [1])
            Issue.record("expected invalid_guardian")
        } catch { #expect(error.ferryCode == .invalidGuardian) }
    }

    /// Born 10 December 2008: 18 on the 15th, 17 on the 1st.
    static let turnsEighteen = PassengerRequest(
        name: "旅客18",
        idType: .residentId,
        idNumber: TestData.citizenId(18, birth: "20081210"),
        fareType: .adult
    )

    /// Guardian and driver ages are counted on the new date: moved earlier, an 18-year-old
    /// guardian or driver may be 17 again, and the move is refused with nothing changed.
    @Test func aGuardianOrDriverUnder18OnTheEarlierDateIsRefused() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let family = try await self.paid(f, [Self.turnsEighteen, EngineFixture.freeChild(1, guardian: 0)], sailing: Self.later)
        let refusal: FerryError.Code?
        do {
            _ = try await self.rebook(f, family.reference, to: "XCY-LHA-20261201-0840")
            refusal = nil
        } catch { refusal = error.ferryCode }
        #expect(refusal == .invalidGuardian)
        #expect(try await f.engine.booking(reference: family.reference).sailingId == Self.later)
        // On or after the birthday the same move is allowed.
        #expect(try await self.rebook(f, family.reference, to: "XCY-LHA-20261210-0840").booking.sailingId == "XCY-LHA-20261210-0840")

        let car = VehicleRequest(plate: "浙L18181", kind: .car, category: .general, driver: 0)
        let held = try await f.book([Self.turnsEighteen], sailing: "SJW-LZS-20261215-1400", vehicles: [car])
        let driving = try await f.engine.pay(reference: held.reference, method: .cash, paymentReference: nil, channel: .counter)
        let driverRefusal: FerryError.Code?
        do {
            _ = try await self.rebook(f, driving.reference, to: "SJW-LZS-20261205-1400")
            driverRefusal = nil
        } catch { driverRefusal = error.ferryCode }
        #expect(driverRefusal == .driverNotInBooking)
        #expect(try await f.engine.deck(sailingId: "SJW-LZS-20261205-1400").taken.general == 0)
    }
}
