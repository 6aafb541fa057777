import Foundation

/// Money of one way of paying, held for a booking or going back out of it.
public struct FundShare: Sendable, Equatable {
    public let method: PaymentMethod
    public let amountFen: Int

    public init(method: PaymentMethod, amountFen: Int) {
        self.method = method
        self.amountFen = amountFen
    }

    /// Splits `amountFen` over `funds` in their order, never more to one way than it holds.
    ///
    /// A booking's money always covers what it gives back (its balance is the fares still
    /// travelling plus fees kept), so nothing is left over; if a ledger ever said otherwise,
    /// the rest goes to the first way rather than vanish. Nothing to split is one share of
    /// 0 fen, so a fee-only entry still has a way (`fallback` when there are no funds).
    public static func split(_ amountFen: Int, over funds: [FundShare], fallback: PaymentMethod) -> [FundShare] {
        var left = amountFen
        var shares: [FundShare] = []
        for fund in funds where left > 0 && fund.amountFen > 0 {
            let take = min(left, fund.amountFen)
            shares.append(FundShare(method: fund.method, amountFen: take))
            left -= take
        }
        guard let first = shares.first else { return [FundShare(method: funds.first?.method ?? fallback, amountFen: amountFen)] }
        if left > 0 { shares[0] = FundShare(method: first.method, amountFen: first.amountFen + left) }
        return shares
    }
}

extension Booking {
    /// What each way of paying brought into this booking and has not had back, so money goes
    /// back the way it came (a rebooking topped up in cash on an online booking holds both):
    /// payments less the fees they paid, plus money moved in with rebooked passengers, less
    /// refunds and money moved out. The way money came in last comes first, so a refund
    /// gives back the latest top-up before the original payment.
    public var funds: [FundShare] {
        var held: [PaymentMethod: Int] = [:]
        var latest: [PaymentMethod: Arrival] = [:]
        func came(_ method: PaymentMethod, _ amountFen: Int, _ arrival: Arrival) {
            held[method, default: 0] += amountFen
            latest[method] = max(latest[method] ?? arrival, arrival)
        }
        // A rebooking writes the fares it moves (latest way first) before a top-up it takes,
        // all at one instant: that order breaks ties of time.
        for (i, transfer) in self.transfers.enumerated() {
            if transfer.amountFen > 0 {
                came(self.way(of: transfer), transfer.amountFen, Arrival(at: transfer.createdAt, order: -i))
            } else {
                held[self.way(of: transfer), default: 0] += transfer.amountFen
            }
        }
        for (i, payment) in self.payments.enumerated() {
            came(payment.method, payment.amountFen - payment.feeFen, Arrival(at: payment.paidAt, order: self.transfers.count + i))
        }
        for refund in self.refunds { held[PaymentMethod(refundedTo: refund.method), default: 0] -= refund.amountFen }
        return held.filter { $0.value > 0 }
            .sorted { a, b in latest[a.key] ?? .never > latest[b.key] ?? .never }
            .map { FundShare(method: $0.key, amountFen: $0.value) }
    }

    /// The way the money of `transfer` was first paid; one recorded before transfers named
    /// theirs went the way of the booking's first payment.
    public func way(of transfer: Transfer) -> PaymentMethod {
        transfer.method ?? self.fundingMethod ?? .cash
    }

    /// `amountFen` split over the ways it came into this booking, the latest first.
    public func returning(_ amountFen: Int) -> [FundShare] {
        FundShare.split(amountFen, over: self.funds, fallback: self.fundingMethod ?? .cash)
    }
}

extension Refund {
    /// One entry per way the money goes back, the fee kept on the first: how a refund or a
    /// rebooking's refund is written on the ledger.
    public static func entries(
        _ shares: [FundShare],
        feeFen: Int,
        reason: Reason,
        passengers: [Int],
        vehicles: [Int],
        by: String,
        at now: Date
    ) -> [Refund] {
        shares.enumerated().map { i, share in
            Refund(
                id: Refund.newId(),
                amountFen: share.amountFen,
                feeFen: i == 0 ? feeFen : 0,
                method: RefundMethod(paidWith: share.method),
                reason: reason,
                passengers: passengers,
                vehicles: vehicles,
                refundedBy: by,
                createdAt: now
            )
        }
    }
}

/// When money came into a booking, to order the ways it came: by time, then by `order`.
private struct Arrival: Comparable {
    let at: Date
    let order: Int

    static let never = Arrival(at: .distantPast, order: .min)

    static func < (a: Arrival, b: Arrival) -> Bool { (a.at, a.order) < (b.at, b.order) }
}
