import Foundation

/// Refund and rebooking fees, by time left before the sailing's current departure.
///
/// Every fee is a percentage of the fare originally paid, per passenger and per vehicle,
/// rounded down to the fen. A sailing the operator cancelled, or delayed by more than the
/// disruption threshold, costs its passengers nothing to refund or rebook, at any time.
public struct RefundPolicy: Sendable, Equatable {
    /// `(hoursLeft, percent)`, most hours first: the first tier whose hours are at most the
    /// time left applies. Default: 0% from 24 h, 10% from 2 h, 20% below.
    public var refundTiers: [(hoursLeft: Int, percent: Int)] = [(24, 0), (2, 10), (0, 20)]
    /// Rebooking is free with at least this many hours left, else `rebookFeePercent`.
    public var rebookFreeHours: Int = 2
    public var rebookFeePercent: Int = 5
    /// Rebooking closes this long before the original departure.
    public var rebookCutoffMinutes: Int = 30
    /// A delay longer than this gives passengers free refunds and rebooking.
    public var disruptionDelayMinutes: Int = 60

    public init() {}

    public static func == (lhs: RefundPolicy, rhs: RefundPolicy) -> Bool {
        lhs.refundTiers.map(\.hoursLeft) == rhs.refundTiers.map(\.hoursLeft) && lhs.refundTiers.map(\.percent) == rhs.refundTiers.map(\.percent)
            && lhs.rebookFreeHours == rhs.rebookFreeHours && lhs.rebookFeePercent == rhs.rebookFeePercent
            && lhs.rebookCutoffMinutes == rhs.rebookCutoffMinutes && lhs.disruptionDelayMinutes == rhs.disruptionDelayMinutes
    }

    /// Whether the operator disrupted the sailing: cancelled it, or delayed it past the threshold.
    public func isDisrupted(_ sailing: Sailing) -> Bool {
        sailing.status == .cancelled
            || sailing.departure.timeIntervalSince(sailing.scheduledDeparture) > TimeInterval(self.disruptionDelayMinutes) * 60
    }

    /// The refund fee percentage at `now`, or `refund_closed` once no time is left.
    public func refundPercent(sailing: Sailing, now: Date) throws(FerryError) -> Int {
        if self.isDisrupted(sailing) { return 0 }
        let left = sailing.departure.timeIntervalSince(now)
        guard left > 0 else {
            throw FerryError(.refundClosed, "Sailing \(sailing.id) departed at \(LocalTime.format(sailing.departure)): refunds are closed.")
        }
        for tier in self.refundTiers where left >= TimeInterval(tier.hoursLeft) * 3600 { return tier.percent }
        return self.refundTiers.last?.percent ?? 0
    }

    /// The rebooking fee percentage at `now`, or `rebook_closed` past the cut-off.
    public func rebookPercent(sailing: Sailing, now: Date) throws(FerryError) -> Int {
        if self.isDisrupted(sailing) { return 0 }
        let left = sailing.departure.timeIntervalSince(now)
        // A cut-off of 0 still closes rebooking at departure: a departed sailing has no time left.
        guard left > 0, left >= TimeInterval(self.rebookCutoffMinutes) * 60 else {
            throw FerryError(
                .rebookClosed,
                "Rebooking closes \(self.rebookCutoffMinutes) minutes before departure (\(LocalTime.format(sailing.departure)))."
            )
        }
        return left >= TimeInterval(self.rebookFreeHours) * 3600 ? 0 : self.rebookFeePercent
    }

    /// `percent` of `fareFen`, rounded down to the fen.
    public static func fee(_ fareFen: Int, percent: Int) -> Int { fareFen * percent / 100 }

    /// Parses refund tiers written `hours:percent,…` (most hours first), as in `24:0,2:10,0:20`.
    public static func tiers(_ text: String) -> [(hoursLeft: Int, percent: Int)]? {
        var tiers: [(hoursLeft: Int, percent: Int)] = []
        // Every comma separates a pair: an empty one (`24:0,,0:20`) is a typo, not nothing.
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: ":")
            guard pair.count == 2, let h = Int(pair[0]), let p = Int(pair[1]), h >= 0, (0...100).contains(p) else { return nil }
            tiers.append((h, p))
        }
        guard !tiers.isEmpty, tiers.last?.hoursLeft == 0, zip(tiers, tiers.dropFirst()).allSatisfy({ $0.hoursLeft > $1.hoursLeft }) else {
            return nil
        }
        return tiers
    }
}
