import FerryDomain
import FerryEngine
import FerryTestSupport
import Foundation
import Testing

/// A booking is validated against the sailing as the last sale saw it before it queues for
/// the writer. These change the sailing between two sales and check that the second is
/// decided on the sailing as it is now, never on the remembered copy.
@Suite struct PlanAheadTests {
    /// SJW-XCY on 泗礁快1 (260 economy, 40 business), tomorrow 13:30.
    static let sailing = "SJW-XCY-20261130-1330"
    static let departure = LocalTime.parse("2026-11-30T13:30:00+08:00")!

    func book(_ f: EngineFixture, _ n: Int, seatClass: SeatClass? = nil, channel: SalesChannel = .online) async throws -> Booking {
        var passenger = EngineFixture.adult(n)
        passenger.seatClass = seatClass
        return try await f.book([passenger], sailing: Self.sailing, channel: channel)
    }

    @Test func aCancelledSailingIsRefusedAfterASale() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        _ = try await self.book(f, 1)
        _ = try await f.engine.cancel(sailingId: Self.sailing, reason: .weatherFog, message: nil)
        await #expect { _ = try await self.book(f, 2) } throws: { $0.ferryCode == .sailingCancelled }
    }

    @Test func aVesselWithoutTheClassIsRefusedAfterASaleInIt() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        // Business is on sale while 泗礁快1 sails; the last sale remembers that vessel.
        _ = try await self.book(f, 1)
        _ = try await f.engine.changeVessel(sailingId: Self.sailing, to: "zhouqiao-9")
        await #expect { _ = try await self.book(f, 2, seatClass: .business) } throws: { $0.ferryCode == .seatClassUnavailable }
        // Economy is sold on the new vessel.
        #expect(try await self.book(f, 3).passengers[0].seatClass == .economy)
    }

    /// The remembered departure is inside the online cut-off; the sailing has since been
    /// delayed two hours, so the sale is open.
    @Test func aDelayReopensSalesTheRememberedDepartureClosed() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        _ = try await self.book(f, 1)
        _ = try await f.engine.delay(sailingId: Self.sailing, to: Self.departure + 7200, reason: .weatherWind, message: nil)
        f.clock.set(Self.departure - 10 * 60)
        let booking = try await self.book(f, 2)
        #expect(booking.status == .held)
        // And the other way: once the new departure's cut-off has passed, it is refused.
        f.clock.set(Self.departure + 7200 - 10 * 60)
        await #expect { _ = try await self.book(f, 3) } throws: { $0.ferryCode == .outsideBookingWindow }
    }

    /// Two passengers with the same document in one request, and the same document booked
    /// twice: both refused whether or not the sailing was remembered.
    @Test func duplicatesAreRefusedOnARememberedSailing() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        _ = try await self.book(f, 1)
        await #expect { _ = try await self.book(f, 1) } throws: { $0.ferryCode == .duplicatePassenger }
        await #expect {
            _ = try await f.book([EngineFixture.adult(2), EngineFixture.adult(2)], sailing: Self.sailing)
        } throws: { $0.ferryCode != nil }
    }

    /// A NUL or line break in a name or plate is refused: the store could not match or read
    /// such a value back whole, so `浙L12345\0` could be held beside `浙L12345`.
    @Test func controlCharactersInNamesAndPlatesAreRefused() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        var passenger = EngineFixture.adult(1)
        passenger.name = "旅客\u{0}"
        await #expect { _ = try await f.book([passenger]) } throws: { $0.ferryCode == .validationFailed }
        for plate in ["浙L12345\u{0}", "浙L\n12345"] {
            await #expect {
                _ = try await f.book(
                    [EngineFixture.adult(2)],
                    sailing: EngineFixture.roroSailing,
                    vehicles: [VehicleRequest(plate: plate, kind: .car, category: .general, driver: 0)]
                )
            } throws: { $0.ferryCode == .validationFailed }
        }
        let held = try await f.book(
            [EngineFixture.adult(3)],
            sailing: EngineFixture.roroSailing,
            vehicles: [VehicleRequest(plate: "浙L12345", kind: .car, category: .general, driver: 0)]
        )
        #expect(held.vehicles.map(\.plate) == ["浙L12345"])
    }
}
