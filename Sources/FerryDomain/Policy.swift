import Foundation

/// The tunable rules of section 2 of the design, with the design's defaults.
/// Every duration here is compared against an injected clock.
public struct Policy: Sendable, Equatable {
    /// How long an unpaid booking keeps its seats.
    public var holdMinutes: Int = 15
    /// Sales close this long before departure for travellers (token or anonymous).
    public var onlineCutoffMinutes: Int = 30
    /// Sales close this long before departure at a ticket counter.
    public var counterCutoffMinutes: Int = 5
    /// Share of deck units reserved for green-channel vehicles, rounded up.
    public var greenReservePercent: Int = 20
    /// Share of deck units reserved for residents' essential trips, rounded up.
    public var residentReservePercent: Int = 30
    /// Unused resident reserve joins the general pool this long before departure.
    public var residentReleaseHours: Int = 24
    /// Unused green reserve joins the general pool this long before departure.
    public var greenReleaseHours: Int = 2
    /// Gates open this long before departure and close at departure.
    public var boardingOpenMinutes: Int = 60
    /// Refund and rebooking fees and cut-offs.
    public var refunds = RefundPolicy()
    /// Whether an `online` payment is confirmed only by the payment provider's signed callback
    /// (a deployment with a provider), rather than by the traveller's own `pay` with a
    /// `paymentReference` (demo mode, the embedded default).
    public var onlinePaymentsByProviderCallback = false
    /// Deck units each kind of vehicle takes.
    public var vehicleUnits: [VehicleKind: Int] = Dictionary(uniqueKeysWithValues: VehicleKind.allCases.map { ($0, $0.units) })

    public func units(of kind: VehicleKind) -> Int { self.vehicleUnits[kind] ?? kind.units }

    public init() {}

    public func cutoffMinutes(for channel: SalesChannel) -> Int {
        channel == .counter ? self.counterCutoffMinutes : self.onlineCutoffMinutes
    }
}

/// Who is selling: a traveller online, or staff at a ticket counter with a shorter cut-off.
public enum SalesChannel: String, Sendable, Codable, CaseIterable {
    case online
    case counter
}
