import FerryDomain
import Foundation

/// A sailing as a client sees it at one instant: schedule, boat, and what is left to sell.
public struct SailingView: Sendable {
    public let sailing: Sailing
    public let route: Route
    public let vessel: Vessel
    public let status: Sailing.Status
    public let arrival: Date
    public let salesOpenAt: Date
    /// When online sales close (counters sell a little longer: `Policy.cutoffMinutes`).
    public let salesCloseAt: Date
    public let seatsAvailable: [SeatClass: Int]
    public let headsAvailable: Int
    /// Nil when no vehicle can be sold: a boat without a deck, or a route with no vehicle
    /// fares (a ro-ro ferry standing in on a passenger route carries passengers only).
    public let deck: (totalUnits: Int, available: PoolUnits)?

    init(sailing: Sailing, route: Route, vessel: Vessel, occupancy: Occupancy, now: Date, policy: Policy) {
        self.sailing = sailing
        self.route = route
        self.vessel = vessel
        self.status = sailing.status(at: now)
        self.arrival = sailing.departure + TimeInterval(route.durationMinutes) * 60
        self.salesOpenAt = BookingWindow(departure: sailing.departure, salesOpenDays: route.salesOpenDays, cutoffMinutes: 0).opensAt
        self.salesCloseAt =
            BookingWindow(
                departure: sailing.departure,
                salesOpenDays: route.salesOpenDays,
                cutoffMinutes: policy.cutoffMinutes(for: .online)
            ).closesAt
        self.seatsAvailable = Dictionary(uniqueKeysWithValues: vessel.seats.map { ($0.key, max(0, $0.value - occupancy.seats[$0.key, default: 0])) })
        self.headsAvailable = max(0, vessel.certifiedHeadcount - occupancy.heads)
        if route.carriesVehicles(on: vessel) {
            let deck = VehicleDeck(vessel: vessel, route: route, departure: sailing.departure, policy: policy)
            self.deck = (vessel.deckUnits, deck.available(taken: occupancy.deck, at: now))
        } else {
            self.deck = nil
        }
    }
}
