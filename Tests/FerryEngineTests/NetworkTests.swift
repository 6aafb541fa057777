import FerryDomain
import FerryEngine
import FerryStore
import FerryTestSupport
import Foundation
import Testing

@Suite struct NetworkTests {
    @Test func sailingsCoverTheWholeWindowAndFollowTheDays() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let lastDay = LocalDate(year: 2026, month: 11, day: 29)!.adding(days: 61)
        #expect(try await f.engine.search(from: "XCY", to: "LHA", date: lastDay).count == 1)
        #expect(try await f.engine.search(from: "XCY", to: "LHA", date: lastDay.adding(days: 1)).isEmpty)
        // A week later the materialiser has added a week of sailings and kept the old ones.
        f.clock.advance(seconds: 7 * 86_400)
        let added = try await f.engine.materialise()
        let daily = DemoNetwork(validFrom: LocalTime.date(of: TestData.now)).timetables.count
        #expect(added == 7 * daily)
        #expect(try await f.engine.search(from: "XCY", to: "LHA", date: lastDay.adding(days: 7)).count == 1)
        #expect(try await f.engine.materialise() == 0)
    }

    @Test func searchByIslandFindsBothSijiaoTerminals() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let sailings = try await f.engine.search(from: "SJW", to: "SIJIAO", date: LocalDate("2026-12-01"))
        #expect(Set(sailings.map(\.route.to)) == ["XCY", "LZS"])
        #expect(sailings.map(\.sailing.departure) == sailings.map(\.sailing.departure).sorted())
        await #expect(throws: FerryError.self) { try await f.engine.search(from: "NOWHERE", to: "XCY", date: nil) }
    }

    @Test func salesOpenAtIsSixtyDaysBeforeDeparture() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let farDay = LocalDate("2027-01-28")!
        let far = try #require(try await f.engine.search(from: "XCY", to: "LHA", date: farDay).first)
        #expect(far.salesOpenAt == far.sailing.departure - 60 * 86_400)
        // 2027-01-28 08:40 opens 2026-11-29 08:40: already open at 10:00.
        _ = try await f.book([EngineFixture.adult(1)], sailing: far.sailing.id)
        let later = try #require(try await f.engine.search(from: "XCY", to: "LHA", date: farDay.adding(days: 1)).first)
        do {
            _ = try await f.book([EngineFixture.adult(1)], sailing: later.sailing.id)
            Issue.record("expected outside_booking_window")
        } catch { #expect(error.ferryCode == .outsideBookingWindow) }
    }

    @Test func salesOpenAtExactlySalesOpenDaysBefore() async throws {
        let f = try await EngineFixture()
        defer { f.cleanUp() }
        let sailing = "XCY-LHA-20270129-0840"  // opens 2026-11-30 08:40
        let opens = LocalTime.parse("2026-11-30T08:40:00+08:00")!
        f.clock.set(opens - 1)
        do {
            _ = try await f.book([EngineFixture.adult(1)], sailing: sailing)
            Issue.record("expected outside_booking_window")
        } catch { #expect(error.ferryCode == .outsideBookingWindow) }
        f.clock.set(opens)
        _ = try await f.book([EngineFixture.adult(1)], sailing: sailing)
    }

    /// A counter PC is lost: its key is revoked and opens nothing more. A leaked
    /// FERRY_ADMIN_KEY is replaced by starting with a new one, which revokes the old.
    @Test func staffKeysAreRevokedAndTheEnvironmentKeyRotates() async throws {
        let directory = TestData.scratchDirectory()
        defer { TestData.remove(directory) }
        let clock = ManualClock(TestData.now)
        let signer = try TicketSigner.loadOrCreate(at: directory + "/key.pem")
        let open = { Engine(store: try GRDBStore(path: directory + "/ferry.sqlite"), signer: signer, clock: clock) }
        let engine = try open()
        try await engine.bootstrap(adminKey: "first-admin")
        let (counterKey, counter) = try await engine.createStaffKey(role: .counter, label: "Xiaocaiyuan counter 2")
        #expect(try await engine.staffKey(secret: counterKey)?.id == counter.id)
        clock.advance(seconds: 60)
        let revoked = try await engine.revokeStaffKey(id: counter.id, by: "key_admin")
        #expect(revoked.revokedAt == TestData.now + 60 && revoked.revokedBy == "key_admin")
        #expect(try await engine.staffKey(secret: counterKey) == nil)
        clock.advance(seconds: 60)
        #expect(try await engine.revokeStaffKey(id: counter.id, by: "key_other").revokedAt == TestData.now + 60)  // again: unchanged
        await #expect(throws: FerryError.self) { _ = try await engine.revokeStaffKey(id: "key_nosuch", by: "key_admin") }
        await #expect(throws: FerryError.self) { _ = try await engine.createStaffKey(role: .admin, label: "FERRY_ADMIN_KEY") }
        // A label is logged: a line break in it would forge a log line.
        for label in ["a\nfake log line", "a\u{0}b", "a\u{2028}b", "counter \u{202E}nimda"] {
            await #expect(throws: FerryError.self) { _ = try await engine.createStaffKey(role: .counter, label: label) }
        }

        // The same FERRY_ADMIN_KEY again changes nothing; a new one revokes the old.
        let restarted = try open()
        try await restarted.bootstrap(adminKey: "first-admin")
        #expect(try await restarted.staffKey(secret: "first-admin")?.role == .admin)
        let rotated = try open()
        try await rotated.bootstrap(adminKey: "second-admin")
        #expect(try await rotated.staffKey(secret: "first-admin") == nil)
        #expect(try await rotated.staffKey(secret: "second-admin")?.role == .admin)
        let keys = try await rotated.staffKeys()
        #expect(keys.map(\.label) == ["FERRY_ADMIN_KEY", "Xiaocaiyuan counter 2", "FERRY_ADMIN_KEY"])
        #expect(keys.map(\.revokedBy) == [StaffKey.rotation, "key_admin", nil])
        // The env file rolled back to the first key: it is live again, the second revoked.
        let rolledBack = try open()
        try await rolledBack.bootstrap(adminKey: "first-admin")
        #expect(try await rolledBack.staffKey(secret: "first-admin")?.role == .admin)
        #expect(try await rolledBack.staffKey(secret: "second-admin") == nil)
        // A key an admin revoked stays revoked when the environment names it again, and then
        // revokes nothing: the other admin key still works.
        _ = try await rolledBack.revokeStaffKey(id: keys[0].id, by: "key_admin")
        let again = try open()
        try await again.bootstrap(adminKey: "first-admin")
        #expect(try await again.staffKey(secret: "first-admin") == nil)
        try await again.bootstrap(adminKey: "second-admin")
        #expect(try await again.staffKey(secret: "second-admin")?.role == .admin)
        try await again.bootstrap(adminKey: "first-admin")
        #expect(try await again.staffKey(secret: "second-admin")?.role == .admin)
    }

    @Test func everythingSurvivesReopeningTheStore() async throws {
        let directory = TestData.scratchDirectory()
        defer { TestData.remove(directory) }
        let clock = ManualClock(TestData.now)
        let signer = try TicketSigner.loadOrCreate(at: directory + "/key.pem")
        let reference: String
        do {
            let engine = Engine(store: try GRDBStore(path: directory + "/ferry.sqlite"), signer: signer, clock: clock)
            try await engine.bootstrap(adminKey: "first-admin")
            let booking = try await engine.book(
                BookingRequest(sailingId: EngineFixture.smallSailing, passengers: [EngineFixture.adult(1)], channel: .online)
            ).booking
            _ = try await engine.pay(reference: booking.reference, method: .cash, paymentReference: nil, channel: .counter)
            reference = booking.reference
        }
        let reopened = Engine(
            store: try GRDBStore(path: directory + "/ferry.sqlite"),
            signer: try TicketSigner.loadOrCreate(at: directory + "/key.pem"),
            clock: clock
        )
        #expect(reopened.signer.keyId == signer.keyId)
        try await reopened.bootstrap(adminKey: nil)
        let booking = try await reopened.booking(reference: reference)
        #expect(booking.status == .confirmed)
        let code = try #require(booking.passengers.first?.ticket?.code)
        #expect(reopened.signer.verify(code) != nil)
        #expect(try await reopened.staffKey(secret: "first-admin")?.role == .admin)
        #expect(try await reopened.sailing(id: EngineFixture.smallSailing).seatsAvailable[.economy] == 49)
        #expect(try await reopened.materialise() == 0)
    }
}
