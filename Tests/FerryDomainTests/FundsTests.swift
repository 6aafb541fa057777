import FerryDomain
import Foundation
import Testing

/// Money goes back the way it came: never more to a way than it brought, the latest first.
@Suite struct FundsTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_000_000)

    static func booking(payments: [Payment] = [], transfers: [Transfer] = [], refunds: [Refund] = [], funding: PaymentMethod? = nil) -> Booking {
        var b = Booking(
            reference: "K7QX2M",
            sailingId: "SJW-LZS-20261203-1400",
            status: .confirmed,
            channel: .online,
            createdAt: Self.t0,
            expiresAt: Self.t0,
            totalFen: 0,
            phone: nil,
            passengers: [],
            vehicles: [],
            payments: payments
        )
        b.transfers = transfers
        b.refunds = refunds
        b.fundingMethod = funding
        return b
    }

    static func refund(_ amount: Int, _ method: RefundMethod) -> Refund {
        Refund(
            id: "RF1",
            amountFen: amount,
            feeFen: 0,
            method: method,
            reason: .refund,
            passengers: [0],
            vehicles: [],
            refundedBy: "t",
            createdAt: Self.t0 + 7200
        )
    }

    @Test func theLatestTopUpGoesBackFirstAndFeesPaidAreKept() {
        let b = Self.booking(payments: [
            Payment(method: .online, amountFen: 22_000, reference: "wx", paidAt: Self.t0),
            // A rebooking's top-up: 5600 of fare difference and a 550 fee, which is kept.
            Payment(method: .cash, amountFen: 6_150, reference: nil, paidAt: Self.t0 + 60, feeFen: 550),
        ])
        #expect(b.funds == [FundShare(method: .cash, amountFen: 5_600), FundShare(method: .online, amountFen: 22_000)])
        #expect(b.returning(8_000) == [FundShare(method: .cash, amountFen: 5_600), FundShare(method: .online, amountFen: 2_400)])
        #expect(b.returning(3_000) == [FundShare(method: .cash, amountFen: 3_000)])
        // Nothing to give back is one entry of 0 fen, for the fee it records.
        #expect(b.returning(0) == [FundShare(method: .cash, amountFen: 0)])
        // Refunds already made come off their way.
        let after = Self.booking(payments: b.payments, refunds: [Self.refund(5_600, .cashDue)])
        #expect(after.returning(8_000) == [FundShare(method: .online, amountFen: 8_000)])
    }

    /// Fares moved in by a split arrive in one instant, latest way first, and a top-up taken
    /// in the same rebooking is later still.
    @Test func tiesOfTimeFollowTheOrderMoneyWasWritten() {
        let split = Self.booking(
            payments: [Payment(method: .alipay, amountFen: 1_000, reference: nil, paidAt: Self.t0 + 60)],
            transfers: [
                Transfer(otherReference: "P4TN8W", amountFen: 5_600, method: .wechat, createdAt: Self.t0 + 60),
                Transfer(otherReference: "P4TN8W", amountFen: 8_200, method: .online, createdAt: Self.t0 + 60),
            ]
        )
        #expect(split.funds.map(\.method) == [.alipay, .wechat, .online])
        #expect(
            split.returning(12_420) == [
                FundShare(method: .alipay, amountFen: 1_000), FundShare(method: .wechat, amountFen: 5_600),
                FundShare(method: .online, amountFen: 5_820),
            ]
        )
    }

    /// A transfer written before transfers named their way went the booking's first-payment way;
    /// money moved out comes off the way it went.
    @Test func legacyTransfersAndMoneyMovedOut() {
        let legacy = Self.booking(
            transfers: [Transfer(otherReference: "P4TN8W", amountFen: 3_800, method: nil, createdAt: Self.t0)],
            funding: .unionpay
        )
        #expect(legacy.funds == [FundShare(method: .unionpay, amountFen: 3_800)])
        let origin = Self.booking(
            payments: [Payment(method: .online, amountFen: 7_600, reference: "wx", paidAt: Self.t0)],
            transfers: [Transfer(otherReference: "M2PQ8R", amountFen: -3_800, method: .online, createdAt: Self.t0 + 60)]
        )
        #expect(origin.funds == [FundShare(method: .online, amountFen: 3_800)])
    }

    /// A ledger that cannot cover what goes back (it always can; this guards the arithmetic)
    /// puts the rest on the first way rather than lose it.
    @Test func aShortfallGoesToTheFirstWay() {
        let funds = [FundShare(method: .cash, amountFen: 100), FundShare(method: .online, amountFen: 200)]
        #expect(
            FundShare.split(500, over: funds, fallback: .cash) == [
                FundShare(method: .cash, amountFen: 300), FundShare(method: .online, amountFen: 200),
            ]
        )
        #expect(FundShare.split(500, over: [], fallback: .wechat) == [FundShare(method: .wechat, amountFen: 500)])
    }
}
