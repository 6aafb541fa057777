import FerryDomain
import Foundation
import GRDB

extension GRDBTransaction {
    public func outstandingTickets(at now: Date) throws -> Int {
        try self.value(
            Int.self,
            sql: """
                SELECT COUNT(*) FROM ticket t JOIN sailing s ON s.id = t.sailing_id
                WHERE t.status = 'valid' AND s.status <> 'cancelled' AND s.departure > ?
                """,
            arguments: [now.storedMillis]
        ) ?? 0
    }

    /// The columns `ticket(_:from:)` reads, in its order, of a ticket aliased `t`.
    static let ticketColumns = "t.id, t.code, t.status, t.issued_at, t.guardian_ticket_id, t.boarded_at, t.boarded_by"

    static func ticket(_ r: SQLRow, from c: Int32) -> Ticket {
        Ticket(
            id: r.text(c),
            code: r.text(c + 1),
            status: Ticket.Status(rawValue: r.text(c + 2)) ?? .valid,
            issuedAt: r.date(c + 3),
            guardianTicketId: r.optionalText(c + 4),
            boardedAt: r.optionalDate(c + 5),
            boardedBy: r.optionalText(c + 6)
        )
    }

    /// The columns `vehicle(_:from:)` reads, in its order, of a vehicle aliased `v`.
    static let vehicleColumns =
        "v.idx, v.plate, v.kind, v.category, v.pool, v.units, v.driver, v.permit, v.fare_fen, v.refunded_at, v.moved_to"

    static func vehicle(_ r: SQLRow, from c: Int32) -> BookedVehicle {
        var vehicle = BookedVehicle(
            index: r.int(c),
            plate: r.text(c + 1),
            kind: VehicleKind(rawValue: r.text(c + 2)) ?? .car,
            category: VehicleCategory(rawValue: r.text(c + 3)) ?? .general,
            pool: VehiclePool(rawValue: r.text(c + 4)) ?? .general,
            units: r.int(c + 5),
            driver: r.int(c + 6),
            permit: r.optionalText(c + 7),
            fareFen: r.int(c + 8)
        )
        vehicle.refundedAt = r.optionalDate(c + 9)
        vehicle.movedTo = r.optionalText(c + 10)
        return vehicle
    }

    /// `"0,2"` → `[0, 2]`: the indexes a refund covered.
    static func indexes(_ text: String) -> [Int] { text.split(separator: ",").compactMap { Int($0) } }

    /// The columns `passenger(_:from:ticket:)` reads, in its order, of a passenger aliased `p`.
    static let passengerColumns = """
        p.idx, p.name, p.id_type, p.id_number, p.birth_date, p.fare_type, p.fare_basis, p.seat_class, p.fare_fen, p.guardian,
        p.height_cm, p.refunded_at, p.moved_to
        """

    static func passenger(_ r: SQLRow, from c: Int32, ticket: Ticket?) -> BookedPassenger {
        var passenger = BookedPassenger(
            index: r.int(c),
            name: r.text(c + 1),
            idType: DocumentType(rawValue: r.text(c + 2)) ?? .passport,
            idNumber: r.text(c + 3),
            birthDate: LocalDate(r.text(c + 4)) ?? LocalDate(dayNumber: 0),
            fareType: FareType(rawValue: r.text(c + 5)) ?? .adult,
            fareBasis: FareBasis(rawValue: r.text(c + 6)) ?? .age,
            seatClass: r.optionalText(c + 7).flatMap(SeatClass.init(rawValue:)),
            fareFen: r.int(c + 8),
            guardian: r.optionalInt(c + 9),
            heightCm: r.optionalInt(c + 10),
            ticket: ticket
        )
        passenger.refundedAt = r.optionalDate(c + 11)
        passenger.movedTo = r.optionalText(c + 12)
        return passenger
    }

    /// A ticket with its passenger: the ticket's columns, the passenger's, then the ticket's
    /// sailing and the booking's reference.
    static let holderSQL = """
        SELECT \(ticketColumns), \(passengerColumns), t.sailing_id, t.booking_reference
        FROM ticket t JOIN passenger p ON p.booking_reference = t.booking_reference AND p.idx = t.passenger_index
        """

    func holders(_ sql: String, _ arguments: [SQLValue]) throws -> [TicketHolder] {
        var holders: [TicketHolder] = []
        try self.db.step(Self.holderSQL + sql, arguments) { r in
            let ticket = Self.ticket(r, from: 0)
            holders.append(
                TicketHolder(
                    ticket: ticket,
                    sailingId: r.text(20),
                    bookingReference: r.text(21),
                    passenger: Self.passenger(r, from: 7, ticket: ticket)
                )
            )
        }
        return holders
    }

    public func ticketHolder(ticketId: String) throws -> TicketHolder? {
        try self.holders(" WHERE t.id = ?", [.text(ticketId)]).first
    }

    public func ticketHolder(sailingId: String, identityKey: String) throws -> TicketHolder? {
        try self.holders(
            " WHERE t.sailing_id = ? AND \(Self.identityKey("p.")) = ? ORDER BY t.issued_at DESC, t.rowid DESC LIMIT 1",
            [.text(sailingId), .text(identityKey)]
        ).first
    }

    public func ticketHolders(sailingId: String) throws -> [TicketHolder] {
        try self.holders(" WHERE t.sailing_id = ? ORDER BY p.booking_reference, p.idx, t.issued_at, t.rowid", [.text(sailingId)])
    }

    public func board(ticketId: String, at: Date, by: String) throws -> Bool {
        try self.execute(
            sql: "UPDATE ticket SET status = 'boarded', boarded_at = ?, boarded_by = ? WHERE id = ? AND status = 'valid'",
            arguments: [at.storedMillis, by, ticketId]
        )
        return self.db.changesCount == 1
    }

    public func offlineScan(gateId: String, ticketId: String) throws -> OfflineScan? {
        try self.row(sql: "SELECT * FROM offline_scan WHERE gate_id = ? AND ticket_id = ?", arguments: [gateId, ticketId]).map { r in
            OfflineScan(
                gateId: r["gate_id"],
                ticketId: r["ticket_id"],
                scannedAt: Date(storedMillis: r["scanned_at"]),
                outcome: OfflineScan.Outcome(rawValue: r["outcome"]) ?? .conflict,
                detail: r["detail"],
                uploadedAt: Date(storedMillis: r["uploaded_at"])
            )
        }
    }

    public func insert(offlineScan s: OfflineScan) throws {
        try self.execute(
            sql: "INSERT INTO offline_scan (gate_id, ticket_id, scanned_at, outcome, detail, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [s.gateId, s.ticketId, s.scannedAt.storedMillis, s.outcome.rawValue, s.detail, s.uploadedAt.storedMillis]
        )
    }
}
