import FerryDomain
import FerryEngine
import FerryStore
import FerryTestSupport
import Foundation
import Testing

@Suite struct HoldAndPayTests {
    @Test func holdExpiryThroughTheClockReleasesEverything() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let car = VehicleRequest(plate: "浙L12345", kind: .truck, category: .general, driver: 0)
        let booking = try await f.book(
            [EngineFixture.adult(1), EngineFixture.freeChild(1, guardian: 0)],
            sailing: EngineFixture.roroSailing,
            vehicles: [car]
        )
        #expect(booking.expiresAt == TestData.now + 15 * 60)
        var sailing = try await f.engine.sailing(id: EngineFixture.roroSailing)
        #expect(sailing.seatsAvailable[.economy] == 459)
        #expect(sailing.headsAvailable == 478)
        let generalBefore = try #require(sailing.deck?.available.general)

        // One second before expiry the hold still stands; at expiry it is gone.
        f.clock.set(booking.expiresAt - 1)
        #expect(try await f.engine.booking(reference: booking.reference).status == .held)
        f.clock.set(booking.expiresAt)
        #expect(try await f.engine.booking(reference: booking.reference).status == .expired)
        sailing = try await f.engine.sailing(id: EngineFixture.roroSailing)
        #expect(sailing.seatsAvailable[.economy] == 460)
        #expect(sailing.headsAvailable == 480)
        #expect(sailing.deck?.available.general == generalBefore + 3)

        #expect(try await f.engine.expireHolds() == 1)
        // The identity and the plate are free again.
        _ = try await f.book([EngineFixture.adult(1)], sailing: EngineFixture.roroSailing, vehicles: [car])
    }

    @Test func anExpiredHoldCannotBePaid() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let booking = try await f.book([EngineFixture.adult(1)])
        f.clock.set(booking.expiresAt)
        await #expect(throws: FerryError(.holdExpired, "The hold on booking \(booking.reference) expired at 2026-11-29T10:15:00+08:00; book again."))
        {
            try await f.engine.pay(reference: booking.reference, method: .cash, paymentReference: nil, channel: .counter)
        }
    }

    /// A hold made part-way through a second runs exactly `holdMinutes` from the `createdAt`
    /// the booking shows (whole seconds, as the API writes them).
    @Test func aHoldRunsItsFullMinutesFromTheCreationItShows() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        f.clock.set(TestData.now + 0.7)
        let booking = try await f.book([EngineFixture.adult(1)])
        #expect(booking.createdAt == TestData.now)
        #expect(booking.expiresAt == booking.createdAt + 15 * 60)
    }

    @Test func payingConfirmsAndIssuesOneTicketPerPassengerOnce() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let booking = try await f.book([EngineFixture.adult(1), EngineFixture.freeChild(1, guardian: 0)])
        f.clock.set(booking.expiresAt - 1)
        let paid = try await f.engine.pay(reference: booking.reference, method: .online, paymentReference: "wx-123", channel: .online)
        #expect(paid.status == .confirmed)
        #expect(paid.passengers.allSatisfy { $0.ticket?.status == .valid })
        #expect(Set(paid.passengers.compactMap { $0.ticket?.id }).count == 2)
        #expect(paid.payments == [Payment(method: .online, amountFen: 3800, reference: "wx-123", paidAt: booking.expiresAt - 1)])
        // Confirmed seats no longer lapse with the hold time.
        f.clock.advance(seconds: 3600)
        #expect(try await f.engine.sailing(id: EngineFixture.smallSailing).seatsAvailable[.economy] == 49)
        await #expect(throws: FerryError.self) {
            try await f.engine.pay(reference: booking.reference, method: .online, paymentReference: "wx-124", channel: .online)
        }
    }

    @Test func travellersPayOnlineOnlyAndNeedAReference() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let booking = try await f.book([EngineFixture.adult(1)])
        do {
            _ = try await f.engine.pay(reference: booking.reference, method: .cash, paymentReference: nil, channel: .online)
            Issue.record("expected forbidden")
        } catch { #expect(error.ferryCode == .forbidden) }
        do {
            _ = try await f.engine.pay(reference: booking.reference, method: .online, paymentReference: " ", channel: .online)
            Issue.record("expected validation_failed")
        } catch { #expect(error.ferryCode == .validationFailed) }
        #expect(try await f.engine.booking(reference: booking.reference).status == .held)
    }

    @Test func holdNeverOutlivesTheSalesCutOff() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let departure = LocalTime.parse("2026-11-30T08:40:00+08:00")!
        f.clock.set(departure - 40 * 60)
        let booking = try await f.book([EngineFixture.adult(1)])
        #expect(booking.expiresAt == departure - 30 * 60)
        f.clock.set(departure - 30 * 60)
        await #expect(throws: FerryError.self) { try await f.book([EngineFixture.adult(2)]) }
        // The counter still sells until five minutes before.
        _ = try await f.book([EngineFixture.adult(3)], channel: .counter)
        f.clock.set(departure - 5 * 60)
        do {
            _ = try await f.book([EngineFixture.adult(4)], channel: .counter)
            Issue.record("expected outside_booking_window")
        } catch { #expect(error.ferryCode == .outsideBookingWindow) }
    }
}
