import FerryDomain
import FerryEngine
import FerryStore
import FerryTestSupport
import Foundation
import Synchronization
import Testing

/// A payment reads its booking and signs its tickets before it queues for the writer. These
/// change what it read in that gap and check that the write decides on the booking and the
/// sailing as they are then, never on the copy the tickets were signed from.
@Suite struct PayAheadTests {
    /// The 50-seat Lühua ferry, tomorrow 08:40.
    static let sailing = EngineFixture.smallSailing
    static let departure = LocalTime.parse("2026-11-30T08:40:00+08:00")!

    /// A store that runs a hook once, just before the next write is queued: the gap between
    /// a command's reads and its write.
    final class GapStore: FerryStore {
        let base: GRDBStore
        let hook = Mutex<(@Sendable () async throws -> Void)?>(nil)

        init(_ base: GRDBStore) { self.base = base }

        func write<T: Sendable>(_ body: @escaping @Sendable (GRDBTransaction) throws -> T) async throws -> T {
            if let hook = self.hook.withLock({ hook in
                defer { hook = nil }
                return hook
            }) {
                try await hook()
            }
            return try await self.base.write(body)
        }

        func read<T: Sendable>(_ body: @escaping @Sendable (GRDBTransaction) throws -> T) async throws -> T {
            try await self.base.read(body)
        }

        func backup(to path: String) async throws { try await self.base.backup(to: path) }
    }

    struct Fixture {
        let directory = TestData.scratchDirectory()
        let clock = ManualClock(TestData.now)
        let signer: TicketSigner
        let store: GapStore
        let engine: Engine<GapStore>

        init() async throws {
            self.signer = try .ephemeral()
            self.store = GapStore(try GRDBStore(path: self.directory + "/ferry.sqlite"))
            self.engine = Engine(store: self.store, signer: self.signer, clock: self.clock, policy: Policy())
            try await self.engine.bootstrap(adminKey: nil)
        }

        func heldBooking() async throws -> Booking {
            try await self.engine.book(
                BookingRequest(sailingId: PayAheadTests.sailing, passengers: [EngineFixture.adult(1)], vehicles: [], channel: .counter)
            ).booking
        }

        /// Pays at a counter, running `gap` between the payment's reads and its write.
        func pay(_ reference: String, gap: @escaping @Sendable () async throws -> Void) async throws -> Booking {
            self.store.hook.withLock { $0 = gap }
            return try await self.engine.pay(reference: reference, method: .cash, paymentReference: nil, channel: .counter)
        }

        /// Why that payment was refused; nil when it was not.
        func refusal(paying reference: String, gap: @escaping @Sendable () async throws -> Void) async -> FerryError.Code? {
            do {
                _ = try await self.pay(reference, gap: gap)
                return nil
            } catch {
                return error.ferryCode
            }
        }
    }

    @Test func aDelayInTheGapIsOnTheTickets() async throws {
        let f = try await Fixture()
        defer { TestData.remove(f.directory) }
        let booking = try await f.heldBooking()
        let engine = f.engine
        let paid = try await f.pay(booking.reference) {
            _ = try await engine.delay(sailingId: Self.sailing, to: Self.departure + 3600, reason: .weatherFog, message: nil)
        }
        #expect(paid.status == .confirmed)
        let code = try #require(paid.passengers[0].ticket?.code)
        #expect(try #require(f.signer.verify(code)).payload.departure == Self.departure + 3600)
    }

    /// A cancellation ends unpaid holds at once, so the payment finds its hold over.
    @Test func aCancellationInTheGapRefusesThePayment() async throws {
        let f = try await Fixture()
        defer { TestData.remove(f.directory) }
        let booking = try await f.heldBooking()
        let engine = f.engine
        let refusal = await f.refusal(paying: booking.reference) {
            _ = try await engine.cancel(sailingId: Self.sailing, reason: .weatherWind, message: nil)
        }
        #expect(refusal == .holdExpired)
        let after = try await engine.booking(reference: booking.reference)
        #expect(after.payments.isEmpty && after.passengers[0].ticket == nil)
    }

    @Test func aPaymentInTheGapMakesTheSecondAlreadyPaid() async throws {
        let f = try await Fixture()
        defer { TestData.remove(f.directory) }
        let booking = try await f.heldBooking()
        let engine = f.engine
        let refusal = await f.refusal(paying: booking.reference) {
            _ = try await engine.pay(reference: booking.reference, method: .wechat, paymentReference: nil, channel: .counter)
        }
        #expect(refusal == .alreadyPaid)
        let after = try await engine.booking(reference: booking.reference)
        #expect(after.payments.map(\.method) == [.wechat])
        // The tickets are the first payment's, issued once.
        #expect(after.passengers.compactMap(\.ticket).count == 1)
    }

    @Test func aHoldSweptInTheGapIsExpired() async throws {
        let f = try await Fixture()
        defer { TestData.remove(f.directory) }
        let booking = try await f.heldBooking()
        let engine = f.engine
        let clock = f.clock
        let refusal = await f.refusal(paying: booking.reference) {
            // The sweeper runs after the hold ended; the payment's own instant came first.
            clock.set(booking.expiresAt)
            let expired = try await engine.expireHolds()
            #expect(expired == 1)
        }
        #expect(refusal == .holdExpired)
        #expect(try await engine.booking(reference: booking.reference).payments.isEmpty)
    }

    @Test func anUnchangedBookingIsPaidWithTheTicketsSignedAhead() async throws {
        let f = try await Fixture()
        defer { TestData.remove(f.directory) }
        let booking = try await f.heldBooking()
        let paid = try await f.pay(booking.reference) {}
        let ticket = try #require(paid.passengers[0].ticket)
        let payload = try #require(f.signer.verify(ticket.code)).payload
        #expect(payload.ticketId == ticket.id && payload.departure == Self.departure && payload.sailingId == Self.sailing)
        #expect(paid.payments.map(\.amountFen) == [booking.totalFen])
    }
}
