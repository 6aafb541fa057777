import FerryDomain
import FerryEngine
import FerryStore
import FerryTestSupport
import Foundation
import Testing

/// Cases a review found: each once broke a rule of the design.
@Suite struct ReviewRegressionTests {
    @Test func aBoardedPassengerCannotBeRefundedOrRebooked() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let held = try await f.book([EngineFixture.adult(1)])
        let paid = try await f.engine.pay(reference: held.reference, method: .cash, paymentReference: nil, channel: .counter)
        f.clock.set(LocalTime.parse("2026-11-30T07:50:00+08:00")!)
        _ = try await f.engine.checkIn(.codes([try #require(paid.passengers[0].ticket?.code)], sailingId: nil), gate: "g")
        do {
            _ = try await f.engine.refund(reference: paid.reference, passengers: nil, vehicles: nil, by: "t")
            Issue.record("expected already_boarded")
        } catch { #expect(error.ferryCode == .alreadyBoarded) }
        do {
            _ = try await f.engine.rebook(
                RebookRequest(reference: paid.reference, targetSailingId: "XCY-LHA-20261201-0840", channel: .counter, by: "c")
            )
            Issue.record("expected already_boarded")
        } catch { #expect(error.ferryCode == .alreadyBoarded) }
        #expect(try await f.engine.sailing(id: EngineFixture.smallSailing).headsAvailable == 55)
    }

    /// A resident ID card, a temporary one and a household register with the same citizen
    /// number are one person: one place per sailing, found at the gate and in the resident
    /// register whichever of them is shown.
    @Test func oneCitizenNumberIsOnePersonWhateverTheDocument() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let number = TestData.adultId(1)
        func person(_ type: DocumentType, _ n: String = number) -> PassengerRequest {
            PassengerRequest(name: "张三", idType: type, idNumber: n, fareType: .adult)
        }
        let held = try await f.book([person(.householdRegister)])
        for type in [DocumentType.residentId, .temporaryResidentId, .householdRegister] {
            await #expect { _ = try await f.book([person(type, number.lowercased())]) } throws: { $0.ferryCode == .duplicatePassenger }
        }
        await #expect {
            _ = try await f.book([person(.residentId, TestData.adultId(2)), person(.temporaryResidentId, TestData.adultId(2))])
        } throws: {
            $0.ferryCode == .duplicatePassenger
        }
        // A passport is another document, even with the same characters.
        let passport = PassengerRequest(name: "张三", idType: .passport, idNumber: number, birthDate: LocalDate("1980-01-01"), fareType: .adult)
        #expect(try await f.book([passport]).passengers.count == 1)

        // The gate swipes the ID card of a passenger booked on the household register.
        let paid = try await f.engine.pay(reference: held.reference, method: .cash, paymentReference: nil, channel: .counter)
        f.clock.set(LocalTime.parse("2026-11-30T07:50:00+08:00")!)
        let boarded = try await f.engine.checkIn(.identity(type: .residentId, number: number, sailingId: EngineFixture.smallSailing), gate: "g")
        #expect(boarded.map(\.ticket.id) == paid.passengers.compactMap(\.ticket?.id))

        // Entered in the resident register from a household register, she drives as a resident on her ID card.
        _ = try await f.engine.registerResident(
            idType: .householdRegister,
            idNumber: TestData.adultId(3),
            name: "李四",
            evidence: .householdRegister,
            recordedBy: "c"
        )
        let car = try await f.book(
            [person(.residentId, TestData.adultId(3))],
            sailing: "SJW-LZS-20261205-1400",
            vehicles: [VehicleRequest(plate: "浙L30003", kind: .car, category: .resident, driver: 0)]
        )
        #expect(car.vehicles.first?.pool == .resident)
    }

    @Test func aDelayThatMovesAReleaseBackNeverOversellsTheDeck() {
        let departure = LocalTime.parse("2026-12-01T14:00:00+08:00")!
        let deck = VehicleDeck(totalUnits: 30, departure: departure, policy: Policy())
        // 24 general units sold after the resident release; then a delay puts "now" back before it.
        let taken = PoolUnits(general: 24)
        let free = deck.available(taken: taken, at: departure - 25 * 3600)
        #expect(free.green + free.resident + free.general == 6)
        // The resident reserve went to general cars while it was released; what is left is green.
        #expect(deck.allocate(units: 1, category: .resident, taken: taken, at: departure - 25 * 3600) == nil)
        #expect(deck.allocate(units: 3, category: .green, taken: taken, at: departure - 25 * 3600) == .green)
        let full = PoolUnits(green: 6, resident: 0, general: 24)
        #expect(deck.available(taken: full, at: departure - 25 * 3600) == PoolUnits())
    }

    /// 07:00 in Zhoushan is 23:00 UTC the day before: a passenger who turns 14 that local day
    /// is 14 for the sailing, though still 13 on its UTC date.
    @Test func ageIsCountedOnTheLocalDateOfAnEarlyMorningSailing() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let sailing = "XCY-SJW-20261201-0700"
        let teen = { (fare: FareType) in
            PassengerRequest(name: "少年", idType: .residentId, idNumber: TestData.citizenId(9, birth: "20121201"), fareType: fare)
        }
        do {
            _ = try await f.book([teen(.child)], sailing: sailing)
            Issue.record("expected child_age_mismatch")
        } catch {
            #expect(error.ferryCode == .childAgeMismatch)
        }
        let held = try await f.book([teen(.adult)], sailing: sailing)
        #expect(held.passengers[0].fareType == .adult)
    }

    @Test func aRebookWhoseFeeExceedsWhatIsOwedKeepsTheLedgerExact() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        // A child who turns 14 on 1 December travels as an adult then.
        let child = PassengerRequest(name: "少年", idType: .residentId, idNumber: TestData.citizenId(9, birth: "20121201"), fareType: .child)
        let held = try await f.book([EngineFixture.adult(1), EngineFixture.adult(2), child], sailing: "SJW-XCY-20261130-1630")
        let paid = try await f.engine.pay(reference: held.reference, method: .online, paymentReference: "r", channel: .online)
        #expect(paid.totalFen == 13800 * 2 + 6900)
        f.clock.set(LocalTime.parse("2026-11-30T15:00:00+08:00")!)  // 1.5 h left: 5%
        let result = try await f.engine.rebook(
            RebookRequest(
                reference: paid.reference,
                targetSailingId: "SJW-LZS-20261201-0800",
                method: .online,
                paymentReference: "r2",
                channel: .online,
                by: "traveller"
            )
        )
        #expect(result.fareDifferenceFen == 33000 - 34500)
        #expect(result.feeFen == 690 + 690 + 345)
        #expect(result.booking.payments.last?.amountFen == 225)
        #expect(result.booking.feesFen == 1725)
        expectBalanced(result.booking)
    }

    @Test func aTimetableChangeKeepsASailingANoticeNames() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        _ = try await f.engine.delay(
            sailingId: "XCY-LHA-20261210-0840",
            to: LocalTime.parse("2026-12-10T09:40:00+08:00")!,
            reason: .technical,
            message: nil
        )
        let change = try await f.engine.setTimetable(
            Timetable(
                id: "XCY-LHA-0840",
                routeId: "XCY-LHA",
                daysOfWeek: Set(1...7),
                departureMinute: 9 * 60,
                vesselId: "luhua-ferry",
                validFrom: LocalDate("2026-11-29")!,
                validTo: nil
            )
        )
        #expect(change.keptWithBookings == ["XCY-LHA-20261210-0840"])
        #expect(change.added.contains("XCY-LHA-20261210-0900"))
    }
}
