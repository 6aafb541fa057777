/// A port (named to avoid Foundation.Port): a pier with a code passengers see on tickets (`XCY`), on an island (`SIJIAO`).
public struct FerryPort: Hashable, Sendable, Codable {
    public let code: String
    public let name: String
    public let nameZh: String
    public let island: String

    public init(code: String, name: String, nameZh: String, island: String) {
        self.code = code
        self.name = name
        self.nameZh = nameZh
        self.island = island
    }
}

/// A travel class with its own seats and fare. `economy` exists on every vessel.
public enum SeatClass: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case economy
    case business

    /// Seats wanted per class; nil (a free child) takes none.
    public static func count(_ classes: [SeatClass?]) -> [SeatClass: Int] {
        classes.reduce(into: [:]) { acc, c in
            if let c { acc[c, default: 0] += 1 }
        }
    }

    public static func < (lhs: SeatClass, rhs: SeatClass) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A kind of vehicle and how many deck units it takes.
public enum VehicleKind: String, Hashable, Sendable, Codable, CaseIterable {
    case car, van, truck, bus

    public var units: Int {
        switch self {
        case .car: 1
        case .van: 2
        case .truck, .bus: 3
        }
    }
}

/// A boat: what its passenger certificate allows and what it physically has.
public struct Vessel: Hashable, Sendable, Codable {
    public let id: String
    public let name: String
    /// 核定载客: the legal limit of persons aboard, free children included.
    public let certifiedHeadcount: Int
    public let seats: [SeatClass: Int]
    /// Vehicle deck units; zero for passenger-only boats.
    public let deckUnits: Int
    /// Deck reserves fixed for this boat, in units; nil takes the policy's percentages.
    public let reserves: DeckReserves

    public init(id: String, name: String, certifiedHeadcount: Int, seats: [SeatClass: Int], deckUnits: Int, reserves: DeckReserves = DeckReserves()) {
        self.id = id
        self.name = name
        self.certifiedHeadcount = certifiedHeadcount
        self.seats = seats
        self.deckUnits = deckUnits
        self.reserves = reserves
    }

    public var seatClasses: [SeatClass] { self.seats.keys.sorted() }
}

/// A line between two ports, with its fares and how far ahead it sells.
public struct Route: Hashable, Sendable, Codable {
    public let id: String
    public let from: String
    public let to: String
    public let durationMinutes: Int
    public let salesOpenDays: Int
    public let fares: [SeatClass: Int]
    public let vehicleFares: [VehicleKind: Int]
    /// Deck reserves fixed for this route, in units, overriding the vessel's.
    public let reserves: DeckReserves

    public init(
        id: String,
        from: String,
        to: String,
        durationMinutes: Int,
        salesOpenDays: Int,
        fares: [SeatClass: Int],
        vehicleFares: [VehicleKind: Int],
        reserves: DeckReserves = DeckReserves()
    ) {
        self.reserves = reserves
        self.id = id
        self.from = from
        self.to = to
        self.durationMinutes = durationMinutes
        self.salesOpenDays = salesOpenDays
        self.fares = fares
        self.vehicleFares = vehicleFares
    }

    /// Whether vehicles are sold on this route when `vessel` sails it: the boat needs a deck
    /// and the route vehicle fares.
    public func carriesVehicles(on vessel: Vessel) -> Bool {
        vessel.deckUnits > 0 && !self.vehicleFares.isEmpty
    }
}

/// Green-channel and resident reserve sizes in deck units, where fixed rather than a share.
public struct DeckReserves: Hashable, Sendable, Codable {
    public var green: Int?
    public var resident: Int?

    public init(green: Int? = nil, resident: Int? = nil) {
        self.green = green
        self.resident = resident
    }

    /// This route's value where set, else the vessel's.
    public func over(_ vessel: DeckReserves) -> DeckReserves {
        DeckReserves(green: self.green ?? vessel.green, resident: self.resident ?? vessel.resident)
    }
}

/// A recurring departure: which days, at what local time, on which boat, from when until when.
public struct Timetable: Hashable, Sendable, Codable {
    public let id: String
    public let routeId: String
    /// ISO weekdays, 1 = Monday … 7 = Sunday.
    public let daysOfWeek: Set<Int>
    public let departureMinute: Int
    public let vesselId: String
    public let validFrom: LocalDate
    /// Nil: open-ended.
    public let validTo: LocalDate?

    public init(
        id: String,
        routeId: String,
        daysOfWeek: Set<Int>,
        departureMinute: Int,
        vesselId: String,
        validFrom: LocalDate,
        validTo: LocalDate?
    ) {
        self.id = id
        self.routeId = routeId
        self.daysOfWeek = daysOfWeek
        self.departureMinute = departureMinute
        self.vesselId = vesselId
        self.validFrom = validFrom
        self.validTo = validTo
    }

    /// Whether this timetable runs a sailing on `date`.
    public func runs(on date: LocalDate) -> Bool {
        date >= self.validFrom && (self.validTo.map { date <= $0 } ?? true) && self.daysOfWeek.contains(date.weekday)
    }
}

extension LocalDate: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(self.description)
    }
}
