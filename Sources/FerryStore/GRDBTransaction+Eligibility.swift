import FerryDomain
import Foundation
import GRDB

extension GRDBTransaction {
    static func permit(_ r: Row) -> GreenPermit {
        GreenPermit(
            id: r["id"],
            plate: r["plate"],
            permit: r["permit"],
            validFrom: LocalDate(r["valid_from"] as String) ?? LocalDate(dayNumber: 0),
            validTo: LocalDate(r["valid_to"] as String) ?? LocalDate(dayNumber: 0),
            purpose: r["purpose"],
            createdAt: Date(storedMillis: r["created_at"]),
            revokedAt: (r["revoked_at"] as Int64?).map(Date.init(storedMillis:))
        )
    }

    public func insert(greenPermit p: GreenPermit) throws {
        try self.execute(
            sql: """
                INSERT INTO green_permit (id, plate, permit, valid_from, valid_to, purpose, created_at, revoked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                p.id, p.plate, p.permit, p.validFrom.description, p.validTo.description, p.purpose, p.createdAt.storedMillis,
                p.revokedAt?.storedMillis,
            ]
        )
    }

    public func greenPermits(plate: String?) throws -> [GreenPermit] {
        if let plate {
            return try self.rows(sql: "SELECT * FROM green_permit WHERE plate = ? ORDER BY created_at", arguments: [plate]).map(Self.permit)
        }
        return try self.rows(sql: "SELECT * FROM green_permit ORDER BY created_at").map(Self.permit)
    }

    public func greenPermit(id: String) throws -> GreenPermit? {
        try self.row(sql: "SELECT * FROM green_permit WHERE id = ?", arguments: [id]).map(Self.permit)
    }

    public func revokeGreenPermit(id: String, at: Date) throws {
        try self.execute(sql: "UPDATE green_permit SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [at.storedMillis, id])
    }

    public func greenPermitNumbers(plates: [String], on date: LocalDate) throws -> [String: Set<String>] {
        guard !plates.isEmpty else { return [:] }
        var arguments: StatementArguments = [date.description, date.description]
        arguments += StatementArguments(plates)
        var numbers: [String: Set<String>] = [:]
        for row in try self.rows(
            sql: """
                SELECT plate, permit FROM green_permit WHERE revoked_at IS NULL AND valid_from <= ? AND valid_to >= ?
                AND plate IN (\(databaseQuestionMarks(count: plates.count)))
                """,
            arguments: arguments
        ) {
            numbers[row["plate"], default: []].insert(GreenPermit.normaliseNumber(row["permit"]))
        }
        return numbers
    }

    static func resident(_ r: Row) -> ResidentEntry {
        ResidentEntry(
            id: r["id"],
            idType: DocumentType(rawValue: r["id_type"]) ?? .residentId,
            idNumber: r["id_number"],
            name: r["name"],
            evidence: ResidentEvidence(rawValue: r["evidence"]) ?? .householdRegister,
            recordedBy: r["recorded_by"],
            createdAt: Date(storedMillis: r["created_at"])
        )
    }

    public func upsert(resident e: ResidentEntry) throws -> ResidentEntry {
        try self.execute(
            sql: """
                INSERT INTO resident (id, id_type, id_number, name, evidence, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id_type, id_number) DO UPDATE SET name = excluded.name, evidence = excluded.evidence,
                    recorded_by = excluded.recorded_by, created_at = excluded.created_at
                """,
            arguments: [e.id, e.idType.rawValue, e.idNumber, e.name, e.evidence.rawValue, e.recordedBy, e.createdAt.storedMillis]
        )
        return try self.row(sql: "SELECT * FROM resident WHERE id_type = ? AND id_number = ?", arguments: [e.idType.rawValue, e.idNumber])
            .map(Self.resident) ?? e
    }

    public func residents() throws -> [ResidentEntry] {
        try self.rows(sql: "SELECT * FROM resident ORDER BY created_at").map(Self.resident)
    }

    public func removeResident(id: String) throws -> Bool {
        try self.execute(sql: "DELETE FROM resident WHERE id = ?", arguments: [id])
        return self.db.changesCount == 1
    }

    public func registeredResidents(_ identityKeys: [String]) throws -> Set<String> {
        guard !identityKeys.isEmpty else { return [] }
        return Set(
            try self.values(
                String.self,
                sql:
                    "SELECT \(Self.identityKey("")) FROM resident WHERE \(Self.identityKey("")) IN (\(databaseQuestionMarks(count: identityKeys.count)))",
                arguments: StatementArguments(identityKeys)
            )
        )
    }

    /// The vehicles of live bookings on a sailing, with whether each booking is paid.
    public func deckVehicles(sailingId: String, at now: Date) throws -> [(vehicle: BookedVehicle, bookingReference: String, confirmed: Bool)] {
        var vehicles: [(vehicle: BookedVehicle, bookingReference: String, confirmed: Bool)] = []
        try self.db.step(
            """
            SELECT \(Self.vehicleColumns), v.booking_reference, b.status FROM vehicle v JOIN booking b ON b.reference = v.booking_reference
            WHERE v.sailing_id = ? AND v.active = 1 AND (v.hold_until IS NULL OR v.hold_until > ?)
            ORDER BY v.pool, v.plate
            """,
            [.text(sailingId), .int(now.storedMillis)]
        ) { r in vehicles.append((Self.vehicle(r, from: 0), r.text(11), r.text(12) == "confirmed")) }
        return vehicles
    }
}
