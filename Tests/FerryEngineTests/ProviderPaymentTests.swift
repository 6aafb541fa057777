import FerryDomain
import FerryEngine
import FerryStore
import FerryTestSupport
import Foundation
import Testing

/// With a payment provider configured, online money is confirmed by its callback alone.
@Suite struct ProviderPaymentTests {
    static var providerPolicy: Policy {
        var policy = Policy()
        policy.onlinePaymentsByProviderCallback = true
        return policy
    }

    func refusal(_ body: () async throws -> Void) async -> FerryError.Code? {
        do {
            try await body()
            return nil
        } catch { return error.ferryCode }
    }

    @Test func onlyTheCallbackConfirmsAnOnlinePayment() async throws {
        let f = try await EngineFixture(policy: Self.providerPolicy)
        defer { f.cleanUp() }
        let held = try await f.book([EngineFixture.adult(1), EngineFixture.adult(2)])
        // The traveller's own word is not enough any more, at the app or at a counter.
        for channel in SalesChannel.allCases {
            #expect(
                await self.refusal {
                    _ = try await f.engine.pay(reference: held.reference, method: .online, paymentReference: "wx-1", channel: channel)
                } == .invalidPaymentMethod
            )
        }
        #expect(
            await self.refusal { _ = try await f.engine.confirmOnlinePayment(reference: held.reference, paymentReference: "wx-1", amountFen: 3800) }
                == .validationFailed
        )
        #expect(
            await self.refusal { _ = try await f.engine.confirmOnlinePayment(reference: "NOSUCH", paymentReference: "wx-1", amountFen: 7600) }
                == .notFound
        )

        let paid = try await f.engine.confirmOnlinePayment(reference: held.reference, paymentReference: " wx-1 ", amountFen: 7600)
        #expect(paid.status(at: f.clock.now()) == .confirmed)
        #expect(paid.payments.map(\.reference) == ["wx-1"] && paid.payments.map(\.method) == [.online])
        #expect(paid.passengers.allSatisfy { $0.ticket != nil })
        // Providers repeat a callback until it is acknowledged: the same payment is no second one.
        f.clock.advance(seconds: 60)
        let again = try await f.engine.confirmOnlinePayment(reference: held.reference, paymentReference: "wx-1", amountFen: 7600)
        #expect(again == paid)
        #expect(
            await self.refusal { _ = try await f.engine.confirmOnlinePayment(reference: held.reference, paymentReference: "wx-2", amountFen: 7600) }
                == .alreadyPaid
        )

        // A callback after the hold ended confirms nothing: the provider gives the money back.
        let late = try await f.book([EngineFixture.adult(3)])
        f.clock.advance(seconds: 15 * 60)
        #expect(
            await self.refusal { _ = try await f.engine.confirmOnlinePayment(reference: late.reference, paymentReference: "wx-3", amountFen: 3800) }
                == .holdExpired
        )

        // Counters still take cash and cards.
        let counter = try await f.book([EngineFixture.adult(4)], channel: .counter)
        #expect(try await f.engine.pay(reference: counter.reference, method: .wechat, paymentReference: nil, channel: .counter).payments.count == 1)
    }

    /// A rebooking that costs more cannot be paid online by the traveller's word either (the
    /// provider settles held bookings only): it is paid at a counter. One that costs nothing
    /// goes through whatever method it names.
    @Test func aRebookingThatCostsMoreIsPaidAtACounter() async throws {
        let f = try await EngineFixture(policy: Self.providerPolicy)
        defer { f.cleanUp() }
        let held = try await f.book([EngineFixture.adult(1)])
        let booking = try await f.engine.confirmOnlinePayment(reference: held.reference, paymentReference: "wx-1", amountFen: 3800)
        func rebook(_ target: String, _ method: PaymentMethod, channel: SalesChannel = .online) async throws -> RebookResult {
            try await f.engine.rebook(
                RebookRequest(
                    reference: booking.reference,
                    targetSailingId: target,
                    method: method,
                    paymentReference: "wx-9",
                    channel: channel,
                    by: channel == .counter ? "counter-1" : "traveller"
                )
            )
        }
        let free = try await rebook("XCY-LHA-20261201-0840", .online)
        #expect(free.feeFen == 0 && free.fareDifferenceFen == 0)
        // Within 2 h of departure a 5% fee is due.
        f.clock.set(LocalTime.parse("2026-12-01T07:00:00+08:00")!)
        #expect(await self.refusal { _ = try await rebook("XCY-LHA-20261202-0840", .online) } == .invalidPaymentMethod)
        let atCounter = try await rebook("XCY-LHA-20261202-0840", .cash, channel: .counter)
        #expect(atCounter.feeFen == 190 && atCounter.booking.payments.last?.method == .cash)
    }
}
