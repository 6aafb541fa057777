import Foundation

/// A passenger after every rule has been applied: priced, seated (or not), identity checked.
public struct PlannedPassenger: Sendable, Equatable {
    public let name: String
    public let document: IdentityDocument
    public let fareType: FareType
    public let fareBasis: FareBasis
    /// Nil for a free child, who has no seat.
    public let seatClass: SeatClass?
    public let fareFen: Int
    public let guardian: Int?
    public let heightCm: Int?
}

/// A vehicle after eligibility and pricing; its pool is chosen inside the write transaction.
public struct PlannedVehicle: Sendable, Equatable {
    public let plate: String
    public let kind: VehicleKind
    public let category: VehicleCategory
    public let driver: Int
    public let permit: String?
    public let units: Int
    public let fareFen: Int
}

/// What a booking will take from a sailing and what it costs, decided from values alone.
///
/// Building a plan checks every rule that does not depend on what others have bought
/// (documents, ages, fare types, guardians, classes, drivers, the sales window). What does
/// depend on others (seats, heads, deck units, duplicates) is checked by the engine in the
/// same transaction that takes them.
public struct BookingPlan: Sendable, Equatable {
    public let passengers: [PlannedPassenger]
    public let vehicles: [PlannedVehicle]
    public let totalFen: Int
    public let travelDate: LocalDate

    public static let maxPassengers = 20
    public static let maxVehicles = 5

    public var seatsByClass: [SeatClass: Int] { SeatClass.count(self.passengers.map(\.seatClass)) }

    public var heads: Int { self.passengers.count }

    /// - Parameters:
    ///   - isResident: whether a document belongs to a verified Shengsi resident.
    ///   - greenPermits: the normalised numbers of the green-channel permits a plate holds on
    ///     the travel date.
    public init(
        request: BookingRequest,
        route: Route,
        vessel: Vessel,
        departure: Date,
        now: Date,
        policy: Policy,
        isResident: (IdentityDocument) -> Bool = ResidentRule.hasShengsiPrefix,
        greenPermits: (String) -> Set<String> = { _ in [] }
    ) throws(FerryError) {
        let window = BookingWindow(
            departure: departure,
            salesOpenDays: route.salesOpenDays,
            cutoffMinutes: policy.cutoffMinutes(for: request.channel)
        )
        try window.check(now)
        guard !request.passengers.isEmpty else { throw .validation("A booking needs at least one passenger.") }
        guard request.passengers.count <= Self.maxPassengers else {
            throw .validation("At most \(Self.maxPassengers) passengers can be booked together.")
        }
        guard request.vehicles.count <= Self.maxVehicles else {
            throw .validation("At most \(Self.maxVehicles) vehicles can be booked together.")
        }
        let travelDate = LocalTime.date(of: departure)
        let today = LocalTime.date(of: now)
        self.travelDate = travelDate

        var planned: [PlannedPassenger] = []
        for (index, p) in request.passengers.enumerated() {
            planned.append(
                try Self.plan(p, index: index, route: route, vessel: vessel, travelDate: travelDate, today: today, channel: request.channel)
            )
        }
        try Self.checkGuardians(planned, travelDate: travelDate)
        try Self.checkUniqueIdentities(planned)
        self.passengers = planned

        var vehicles: [PlannedVehicle] = []
        var plates: Set<String> = []
        var drivers: Set<Int> = []
        for v in request.vehicles {
            let vehicle = try Self.plan(
                v,
                policy: policy,
                passengers: planned,
                route: route,
                vessel: vessel,
                travelDate: travelDate,
                isResident: isResident,
                greenPermits: greenPermits
            )
            guard plates.insert(vehicle.plate).inserted else {
                throw FerryError(.duplicateVehicle, "Vehicle \(vehicle.plate) is listed twice.")
            }
            // One person drives one vehicle aboard; a second needs a driver of its own.
            guard drivers.insert(vehicle.driver).inserted else {
                throw FerryError(
                    .driverNotInBooking,
                    "Passenger \(vehicle.driver) already drives another vehicle of this booking; vehicle \(vehicle.plate) needs a driver of its own."
                )
            }
            vehicles.append(vehicle)
        }
        self.vehicles = vehicles
        self.totalFen = planned.reduce(0) { $0 + $1.fareFen } + vehicles.reduce(0) { $0 + $1.fareFen }
    }

    private static func plan(
        _ p: PassengerRequest,
        index: Int,
        route: Route,
        vessel: Vessel,
        travelDate: LocalDate,
        today: LocalDate,
        channel: SalesChannel
    ) throws(FerryError) -> PlannedPassenger {
        let name = p.name.trimmed
        // Characters as people count them, and at most two code points each on average: one
        // letter can carry any number of combining marks, and the name goes into the ticket
        // code, which a gate reads only up to a fixed length.
        guard !name.isEmpty, name.count <= 64, name.unicodeScalars.count <= 128, !name.hasControlCharacters else {
            throw .validation("Passenger \(index) needs a name of 1 to 64 characters, as on the document.")
        }
        if let h = p.heightCm {
            guard channel == .counter else {
                throw FerryError(.forbidden, "Only counter staff may apply the height test (passenger \(index)).")
            }
            guard (30...250).contains(h) else { throw .validation("Passenger \(index): height \(h) cm is not plausible.") }
        }
        let document = try IdentityDocument(type: p.idType, number: p.idNumber, birthDate: p.birthDate, today: today)
        let age = FareRules.age(birthDate: document.birthDate, on: travelDate)
        let basis = try FareRules.check(requested: p.fareType, age: age, heightCm: p.heightCm)
        var seatClass: SeatClass? = nil
        var fare = 0
        if p.fareType.takesSeat {
            let wanted = p.seatClass ?? .economy
            guard vessel.seats[wanted, default: 0] > 0, let routeFare = route.fares[wanted] else {
                throw FerryError(.seatClassUnavailable, "\(vessel.name) has no \(wanted.rawValue) class on this sailing.")
            }
            seatClass = wanted
            fare = p.fareType.fare(routeFareFen: routeFare)
        } else if p.guardian == nil {
            throw FerryError(.invalidGuardian, "Passenger \(index) is a free child and needs a guardian: the index of an adult in this booking.")
        }
        if p.fareType != .freeChild, p.guardian != nil {
            throw FerryError(.invalidGuardian, "Only a free child names a guardian (passenger \(index)).")
        }
        return PlannedPassenger(
            name: name,
            document: document,
            fareType: p.fareType,
            fareBasis: basis,
            seatClass: seatClass,
            fareFen: fare,
            guardian: p.guardian,
            heightCm: p.heightCm
        )
    }

    /// A free child's guardian is another passenger of the booking, 18 or older and on an
    /// adult ticket, guarding at most one free child.
    private static func checkGuardians(_ passengers: [PlannedPassenger], travelDate: LocalDate) throws(FerryError) {
        var guarded: Set<Int> = []
        for (index, p) in passengers.enumerated() {
            guard let g = p.guardian else { continue }
            guard passengers.indices.contains(g), g != index else {
                throw FerryError(.invalidGuardian, "Passenger \(index)'s guardian \(g) is not another passenger of this booking.")
            }
            let guardian = passengers[g]
            guard guardian.fareType == .adult, FareRules.age(birthDate: guardian.document.birthDate, on: travelDate) >= FareRules.guardianAge
            else {
                throw FerryError(
                    .invalidGuardian,
                    "Passenger \(g) cannot be a guardian: a guardian is \(FareRules.guardianAge) or older on an adult ticket."
                )
            }
            guard guarded.insert(g).inserted else {
                throw FerryError(
                    .invalidGuardian,
                    "Passenger \(g) already guards a free child; a second child under 6 travels on a child ticket."
                )
            }
        }
    }

    private static func checkUniqueIdentities(_ passengers: [PlannedPassenger]) throws(FerryError) {
        var seen: Set<String> = []
        for p in passengers where !seen.insert(p.document.key).inserted {
            throw FerryError(
                .duplicatePassenger,
                "\(p.document.type.rawValue) \(IdentityDocument.masked(p.document.number)) appears twice in this booking."
            )
        }
    }

    private static func plan(
        _ v: VehicleRequest,
        policy: Policy,
        passengers: [PlannedPassenger],
        route: Route,
        vessel: Vessel,
        travelDate: LocalDate,
        isResident: (IdentityDocument) -> Bool,
        greenPermits: (String) -> Set<String>
    ) throws(FerryError) -> PlannedVehicle {
        guard route.carriesVehicles(on: vessel), let fare = route.vehicleFares[v.kind] else {
            throw FerryError(.soldOut, "This sailing carries no vehicles.")
        }
        let plate = Plate.normalise(v.plate)
        guard Plate.isPlausible(plate), !v.plate.hasControlCharacters else {
            throw .validation("Plate \(v.plate.debugDescription) is not a plate number.")
        }
        if let permit = v.permit, permit.hasControlCharacters {
            throw .validation("Permit \(permit.debugDescription) is not a permit number.")
        }
        guard passengers.indices.contains(v.driver) else {
            throw FerryError(.driverNotInBooking, "Vehicle \(plate)'s driver \(v.driver) is not a passenger of this booking.")
        }
        let driver = passengers[v.driver]
        guard FareRules.age(birthDate: driver.document.birthDate, on: travelDate) >= FareRules.guardianAge else {
            throw FerryError(.driverNotInBooking, "Vehicle \(plate)'s driver must be 18 or older.")
        }
        switch v.category {
        case .green:
            try GreenPermit.require(greenPermits(plate), named: v.permit, plate: plate, on: travelDate)
        case .resident:
            guard isResident(driver.document) else {
                throw FerryError(.notAResident, "The driver of \(plate) is not a registered Shengsi resident.")
            }
        case .general:
            break
        }
        return PlannedVehicle(
            plate: plate,
            kind: v.kind,
            category: v.category,
            driver: v.driver,
            permit: v.permit,
            units: policy.units(of: v.kind),
            fareFen: fare
        )
    }
}

extension IdentityDocument {
    /// The key under which a person may appear once per sailing (the number is already
    /// trimmed and upper-cased): a resident ID card, a temporary one and a household
    /// register with the same citizen number are one person.
    public var key: String { Self.key(type: self.type, number: self.number) }

    /// `kind:NUMBER` (see `DocumentType.identityKind`), the number trimmed and upper-cased
    /// as a validated document holds it.
    public static func key(type: DocumentType, number: String) -> String {
        "\(type.identityKind):\(number.trimmed.upperCased)"
    }
}

/// Who counts as a Shengsi resident without a register entry.
public enum ResidentRule {
    /// Shengsi County's administrative division code, the first six digits of IDs issued there.
    public static let shengsiDivision = "330922"

    public static func hasShengsiPrefix(_ document: IdentityDocument) -> Bool {
        document.type.usesCitizenNumber && document.number.hasPrefix(shengsiDivision)
    }
}
