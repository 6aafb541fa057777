import Foundation

/// Who a vehicle is: a green-channel vehicle, a resident's essential trip, or anyone else.
public enum VehicleCategory: String, Hashable, Sendable, Codable, CaseIterable {
    case green, resident, general

    /// The pools this category may draw from, in order; a vehicle takes all its units from
    /// the first that has room.
    public var poolOrder: [VehiclePool] {
        switch self {
        case .green: [.green, .general, .resident]
        case .resident: [.resident, .general]
        case .general: [.general]
        }
    }
}

/// A share of the vehicle deck.
public enum VehiclePool: String, Hashable, Sendable, Codable, CaseIterable {
    case green, resident, general
}

/// Units per pool.
public struct PoolUnits: Hashable, Sendable, Codable {
    public var green: Int
    public var resident: Int
    public var general: Int

    public init(green: Int = 0, resident: Int = 0, general: Int = 0) {
        self.green = green
        self.resident = resident
        self.general = general
    }

    public subscript(pool: VehiclePool) -> Int {
        get {
            switch pool {
            case .green: self.green
            case .resident: self.resident
            case .general: self.general
            }
        }
        set {
            switch pool {
            case .green: self.green = newValue
            case .resident: self.resident = newValue
            case .general: self.general = newValue
            }
        }
    }
}

/// The vehicle deck of one sailing: reserve sizes, what is taken, and the release times.
///
/// Reserves are fixed at sale time from the deck size; what changes with the clock is only
/// whether an unused reserve has joined the general pool, so availability is exact at the
/// instant asked without any job having to run.
public struct VehicleDeck: Sendable, Equatable {
    public let totalUnits: Int
    public let reserves: PoolUnits
    public let residentReleaseAt: Date
    public let greenReleaseAt: Date

    /// - Parameters:
    ///   - greenReserve, residentReserve: fixed reserve sizes set for the route or vessel;
    ///     nil takes the policy's percentage of the deck, rounded up.
    public init(totalUnits: Int, departure: Date, policy: Policy, greenReserve: Int? = nil, residentReserve: Int? = nil) {
        self.totalUnits = totalUnits
        let green = min(max(0, greenReserve ?? Self.percentRoundedUp(totalUnits, policy.greenReservePercent)), totalUnits)
        let resident = min(max(0, residentReserve ?? Self.percentRoundedUp(totalUnits, policy.residentReservePercent)), totalUnits - green)
        self.reserves = PoolUnits(green: green, resident: resident, general: totalUnits - green - resident)
        self.residentReleaseAt = departure - TimeInterval(policy.residentReleaseHours) * 3600
        self.greenReleaseAt = departure - TimeInterval(policy.greenReleaseHours) * 3600
    }

    /// The deck of a sailing: the route's fixed reserves where set, else the vessel's, else
    /// the policy's percentages. A route that sells no vehicles has no deck to sell, whatever
    /// the boat (a ro-ro standing in on a passenger route).
    public init(vessel: Vessel, route: Route, departure: Date, policy: Policy) {
        let reserves = route.reserves.over(vessel.reserves)
        self.init(
            totalUnits: route.carriesVehicles(on: vessel) ? vessel.deckUnits : 0,
            departure: departure,
            policy: policy,
            greenReserve: reserves.green,
            residentReserve: reserves.resident
        )
    }

    private static func percentRoundedUp(_ units: Int, _ percent: Int) -> Int {
        min(units, (units * percent + 99) / 100)
    }

    /// Free units per pool at `now`, given the units `taken` from each pool.
    /// A released reserve shows zero and its free units count in `general`.
    public func available(taken: PoolUnits, at now: Date) -> PoolUnits {
        var free = PoolUnits(
            green: max(0, self.reserves.green - taken.green),
            resident: max(0, self.reserves.resident - taken.resident),
            general: self.reserves.general - taken.general
        )
        if now >= self.residentReleaseAt {
            free.general += free.resident
            free.resident = 0
        }
        if now >= self.greenReleaseAt {
            free.general += free.green
            free.green = 0
        }
        free.general = max(0, free.general)
        // Units a pool overdrew (general cars that took a released reserve before a delay moved
        // the release back, or a smaller vessel) come out of the reserves' free units, so the
        // deck as a whole is never oversold.
        let deckFree = max(0, self.totalUnits - taken.green - taken.resident - taken.general)
        var excess = free.green + free.resident + free.general - deckFree
        for pool in [VehiclePool.resident, .green, .general] where excess > 0 {
            let cut = min(excess, free[pool])
            free[pool] -= cut
            excess -= cut
        }
        return free
    }

    /// The pool a vehicle of `units` and `category` takes at `now`, or nil when none has room.
    public func allocate(units: Int, category: VehicleCategory, taken: PoolUnits, at now: Date) -> VehiclePool? {
        let free = self.available(taken: taken, at: now)
        return category.poolOrder.first { free[$0] >= units }
    }
}
