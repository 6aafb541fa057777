/// A sailing on the wire (DESIGN §3).
public struct SailingJSON: Codable, Sendable, Equatable {
    public var id: String
    public var routeId: String
    public var from: String
    public var to: String
    public var scheduledDeparture: String
    public var departure: String
    public var arrival: String
    public var vessel: VesselRef
    public var status: String
    public var salesOpenAt: String
    /// When online sales close: departure less the online cut-off (nil from a server that
    /// does not say).
    public var salesCloseAt: String?
    /// Why it is delayed, weather-pending or cancelled (`weather_fog`, …); null otherwise.
    public var reason: String?
    /// When a weather-pending sailing's fate will be decided; null in any other status.
    public var decisionAt: String?
    public var headcount: Headcount
    public var seats: [Seats]
    /// Null for a boat without a vehicle deck.
    public var vehicles: Vehicles?

    public struct VesselRef: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    public struct Headcount: Codable, Sendable, Equatable {
        public var certified: Int
        public var available: Int
        public init(certified: Int, available: Int) {
            self.certified = certified
            self.available = available
        }
    }

    public struct Seats: Codable, Sendable, Equatable {
        public var `class`: String
        public var total: Int
        public var available: Int
        public var fareFen: Int
        public init(class: String, total: Int, available: Int, fareFen: Int) {
            self.class = `class`
            self.total = total
            self.available = available
            self.fareFen = fareFen
        }
    }

    public struct Vehicles: Codable, Sendable, Equatable {
        public var totalUnits: Int
        public var fareFen: [String: Int]
        public var available: Pools
        public init(totalUnits: Int, fareFen: [String: Int], available: Pools) {
            self.totalUnits = totalUnits
            self.fareFen = fareFen
            self.available = available
        }
    }

    public struct Pools: Codable, Sendable, Equatable {
        public var green: Int
        public var resident: Int
        public var general: Int
        public init(green: Int, resident: Int, general: Int) {
            self.green = green
            self.resident = resident
            self.general = general
        }
    }

    // Encodes `vehicles: null` explicitly: the contract shows the key with null for boats
    // without a deck; `reason` and `decisionAt` likewise.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.id, forKey: .id)
        try c.encode(self.routeId, forKey: .routeId)
        try c.encode(self.from, forKey: .from)
        try c.encode(self.to, forKey: .to)
        try c.encode(self.scheduledDeparture, forKey: .scheduledDeparture)
        try c.encode(self.departure, forKey: .departure)
        try c.encode(self.arrival, forKey: .arrival)
        try c.encode(self.vessel, forKey: .vessel)
        try c.encode(self.status, forKey: .status)
        try c.encode(self.salesOpenAt, forKey: .salesOpenAt)
        try c.encodeIfPresent(self.salesCloseAt, forKey: .salesCloseAt)
        try c.encode(self.reason, forKey: .reason)
        try c.encode(self.decisionAt, forKey: .decisionAt)
        try c.encode(self.headcount, forKey: .headcount)
        try c.encode(self.seats, forKey: .seats)
        try c.encode(self.vehicles, forKey: .vehicles)
    }

    public init(
        id: String,
        routeId: String,
        from: String,
        to: String,
        scheduledDeparture: String,
        departure: String,
        arrival: String,
        vessel: VesselRef,
        status: String,
        salesOpenAt: String,
        headcount: Headcount,
        seats: [Seats],
        vehicles: Vehicles?,
        salesCloseAt: String? = nil,
        reason: String? = nil,
        decisionAt: String? = nil
    ) {
        self.id = id
        self.routeId = routeId
        self.from = from
        self.to = to
        self.scheduledDeparture = scheduledDeparture
        self.departure = departure
        self.arrival = arrival
        self.vessel = vessel
        self.status = status
        self.salesOpenAt = salesOpenAt
        self.headcount = headcount
        self.seats = seats
        self.vehicles = vehicles
        self.salesCloseAt = salesCloseAt
        self.reason = reason
        self.decisionAt = decisionAt
    }
}

/// A port on the wire.
public struct PortJSON: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var nameZh: String
    public var island: String
    public init(code: String, name: String, nameZh: String, island: String) {
        self.code = code
        self.name = name
        self.nameZh = nameZh
        self.island = island
    }
}

/// A route on the wire.
public struct RouteJSON: Codable, Sendable, Equatable {
    public var id: String
    public var from: String
    public var to: String
    public var durationMinutes: Int
    public var salesOpenDays: Int
    public var fares: [String: Int]
    public var vehicleFares: [String: Int]
    public init(id: String, from: String, to: String, durationMinutes: Int, salesOpenDays: Int, fares: [String: Int], vehicleFares: [String: Int]) {
        self.id = id
        self.from = from
        self.to = to
        self.durationMinutes = durationMinutes
        self.salesOpenDays = salesOpenDays
        self.fares = fares
        self.vehicleFares = vehicleFares
    }
}
