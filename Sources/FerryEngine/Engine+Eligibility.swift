import FerryDomain
import FerryStore
import Foundation

/// The vehicle deck of one sailing as a counter sees it at one instant.
public struct DeckView: Sendable {
    public let sailing: Sailing
    public let deck: VehicleDeck
    /// Units of confirmed bookings, per pool.
    public let taken: PoolUnits
    /// Units of unpaid holds, per pool.
    public let held: PoolUnits
    public let available: PoolUnits
    public let residentReleased: Bool
    public let greenReleased: Bool
    public let vehicles: [(vehicle: BookedVehicle, bookingReference: String, confirmed: Bool)]
}

extension Engine {
    /// Registers a green-channel permit for a plate (operators).
    public func registerGreenPermit(
        plate: String,
        permit: String,
        validFrom: LocalDate,
        validTo: LocalDate,
        purpose: String?
    ) async throws
        -> GreenPermit
    {
        let normalised = Plate.normalise(plate)
        guard Plate.isPlausible(normalised), !plate.hasControlCharacters else {
            throw FerryError(.validationFailed, "Plate \(plate.debugDescription) is not a plate number.")
        }
        let number = permit.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(number.count) else { throw FerryError(.validationFailed, "permit must be 1 to 64 characters.") }
        guard validFrom <= validTo else { throw FerryError(.validationFailed, "validTo \(validTo) is before validFrom \(validFrom).") }
        if let purpose, purpose.count > 200 { throw FerryError(.validationFailed, "purpose must be at most 200 characters.") }
        let record = GreenPermit(
            id: "GP" + Codes.bookingReference() + Codes.bookingReference(),
            plate: normalised,
            permit: number,
            validFrom: validFrom,
            validTo: validTo,
            purpose: purpose,
            createdAt: self.clock.now()
        )
        try await self.store.write { tx in try tx.insert(greenPermit: record) }
        return record
    }

    public func greenPermits(plate: String?) async throws -> [GreenPermit] {
        let normalised = plate.map(Plate.normalise)
        return try await self.store.read { tx in try tx.greenPermits(plate: normalised) }
    }

    /// Revokes a permit: bookings already made keep their place; new ones are refused.
    public func revokeGreenPermit(id: String) async throws -> GreenPermit {
        let now = self.clock.now()
        return try await self.store.write { tx in
            guard try tx.greenPermit(id: id) != nil else { throw FerryError(.notFound, "No green permit \(id).") }
            try tx.revokeGreenPermit(id: id, at: now)
            guard let permit = try tx.greenPermit(id: id) else { throw FerryError(.notFound, "No green permit \(id).") }
            return permit
        }
    }

    /// Enters a person a counter verified as a Shengsi resident (or updates their entry).
    public func registerResident(
        idType: DocumentType,
        idNumber: String,
        name: String,
        evidence: ResidentEvidence,
        recordedBy: String
    )
        async throws -> ResidentEntry
    {
        guard idType.usesCitizenNumber else {
            throw FerryError(.invalidIdNumber, "The resident register takes PRC ID numbers (resident_id, temporary_resident_id, household_register).")
        }
        let now = self.clock.now()
        let document = try IdentityDocument(type: idType, number: idNumber, birthDate: nil, today: LocalTime.date(of: now))
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...64).contains(trimmed.count) else { throw FerryError(.validationFailed, "name must be 1 to 64 characters.") }
        let entry = ResidentEntry(
            id: "RS" + Codes.bookingReference() + Codes.bookingReference(),
            idType: document.type,
            idNumber: document.number,
            name: trimmed,
            evidence: evidence,
            recordedBy: recordedBy,
            createdAt: now
        )
        return try await self.store.write { tx in try tx.upsert(resident: entry) }
    }

    public func residents() async throws -> [ResidentEntry] {
        try await self.store.read { tx in try tx.residents() }
    }

    public func removeResident(id: String) async throws {
        guard try await self.store.write({ tx in try tx.removeResident(id: id) }) else {
            throw FerryError(.notFound, "No resident entry \(id).")
        }
    }

    /// The deck of a sailing now: reserves, what is taken and held per pool, what is
    /// released, and every vehicle booked. A passenger-only boat has a deck of no units.
    public func deck(sailingId: String) async throws -> DeckView {
        let network = try await self.network()
        let now = self.clock.now()
        let (sailing, vehicles) = try await self.store.read { tx in
            (try tx.sailing(id: sailingId), try tx.deckVehicles(sailingId: sailingId, at: now))
        }
        guard let sailing else { throw FerryError(.notFound, "No sailing \(sailingId).") }
        let vessel = try network.vessel(sailing.vesselId)
        let route = try network.route(sailing.routeId)
        let deck = VehicleDeck(vessel: vessel, route: route, departure: sailing.departure, policy: self.policy)
        var taken = PoolUnits()
        var held = PoolUnits()
        for v in vehicles {
            if v.confirmed { taken[v.vehicle.pool] += v.vehicle.units } else { held[v.vehicle.pool] += v.vehicle.units }
        }
        let used = PoolUnits(green: taken.green + held.green, resident: taken.resident + held.resident, general: taken.general + held.general)
        return DeckView(
            sailing: sailing,
            deck: deck,
            taken: taken,
            held: held,
            available: deck.available(taken: used, at: now),
            residentReleased: now >= deck.residentReleaseAt,
            greenReleased: now >= deck.greenReleaseAt,
            vehicles: vehicles
        )
    }
}
