import FerryDomain
import Foundation
import GRDB

extension GRDBTransaction {
    public func insert(booking b: Booking, tokenHash: String) throws {
        try self.db.step(
            """
            INSERT INTO booking (reference, token_hash, sailing_id, status, channel, created_at, expires_at, total_fen, phone,
                funding_method, rebooked_from)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(b.reference), .text(tokenHash), .text(b.sailingId), .text(b.status.rawValue), .text(b.channel.rawValue),
                .int(b.createdAt.storedMillis), .int(b.expiresAt.storedMillis), .int(b.totalFen), .text(b.phone),
                .text(b.fundingMethod?.rawValue), .text(b.rebookedFrom),
            ]
        )
        let holdUntil: SQLValue = b.status == .held ? .int(b.expiresAt.storedMillis) : .null
        for p in b.passengers {
            try self.db.step(
                """
                INSERT INTO passenger (booking_reference, idx, sailing_id, name, id_type, id_number, birth_date, fare_type,
                    fare_basis, seat_class, fare_fen, guardian, height_cm, active, hold_until)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
                """,
                [
                    .text(b.reference), .int(p.index), .text(b.sailingId), .text(p.name), .text(p.idType.rawValue), .text(p.idNumber),
                    .text(p.birthDate.description), .text(p.fareType.rawValue), .text(p.fareBasis.rawValue), .text(p.seatClass?.rawValue),
                    .int(p.fareFen), p.guardian.map(SQLValue.int) ?? .null, p.heightCm.map(SQLValue.int) ?? .null, holdUntil,
                ]
            )
        }
        for v in b.vehicles {
            try self.db.step(
                """
                INSERT INTO vehicle (booking_reference, idx, sailing_id, plate, kind, category, pool, units, driver, permit,
                    fare_fen, active, hold_until)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
                """,
                [
                    .text(b.reference), .int(v.index), .text(b.sailingId), .text(v.plate), .text(v.kind.rawValue),
                    .text(v.category.rawValue), .text(v.pool.rawValue), .int(v.units), .int(v.driver), .text(v.permit), .int(v.fareFen),
                    holdUntil,
                ]
            )
        }
    }

    /// Read by SQLite's C API: every payment, refund, rebooking and booking page reads one, and
    /// GRDB's rows (copied, columns found by name) cost more than SQLite spent finding them.
    public func booking(reference: String) throws -> Booking? {
        let key = SQLValue.text(reference)
        var found: Booking?
        try self.db.step(
            """
            SELECT reference, sailing_id, status, channel, created_at, expires_at, total_fen, phone, funding_method, rebooked_from
            FROM booking WHERE reference = ?
            """,
            [key]
        ) { r in
            var booking = Booking(
                reference: r.text(0),
                sailingId: r.text(1),
                status: Booking.Status(rawValue: r.text(2)) ?? .expired,
                channel: SalesChannel(rawValue: r.text(3)) ?? .online,
                createdAt: r.date(4),
                expiresAt: r.date(5),
                totalFen: r.int(6),
                phone: r.optionalText(7),
                passengers: [],
                vehicles: [],
                payments: []
            )
            booking.fundingMethod = r.optionalText(8).flatMap(PaymentMethod.init(rawValue:))
            booking.rebookedFrom = r.optionalText(9)
            found = booking
        }
        guard var booking = found else { return nil }
        var tickets: [Int: Ticket] = [:]
        try self.db.step("SELECT passenger_index, \(Self.ticketColumns) FROM ticket t WHERE booking_reference = ? ORDER BY issued_at, rowid", [key]) {
            tickets[$0.int(0)] = Self.ticket($0, from: 1)
        }
        try self.db.step("SELECT \(Self.passengerColumns) FROM passenger p WHERE booking_reference = ? ORDER BY idx", [key]) { r in
            booking.passengers.append(Self.passenger(r, from: 0, ticket: tickets[r.int(0)]))
        }
        try self.db.step("SELECT \(Self.vehicleColumns) FROM vehicle v WHERE booking_reference = ? ORDER BY idx", [key]) {
            booking.vehicles.append(Self.vehicle($0, from: 0))
        }
        try self.db.step("SELECT method, amount_fen, reference, paid_at, fee_fen FROM payment WHERE booking_reference = ? ORDER BY id", [key]) { p in
            booking.payments.append(
                Payment(
                    method: PaymentMethod(rawValue: p.text(0)) ?? .cash,
                    amountFen: p.int(1),
                    reference: p.optionalText(2),
                    paidAt: p.date(3),
                    feeFen: p.int(4)
                )
            )
        }
        booking.notices = try self.notices(booking: reference)
        try self.db.step(
            """
            SELECT id, amount_fen, fee_fen, method, reason, passengers, vehicles, refunded_by, created_at, paid_out_at, paid_out_by
            FROM refund WHERE booking_reference = ? ORDER BY created_at, id
            """,
            [key]
        ) { r in
            booking.refunds.append(
                Refund(
                    id: r.text(0),
                    amountFen: r.int(1),
                    feeFen: r.int(2),
                    method: RefundMethod(rawValue: r.text(3)) ?? .cashDue,
                    reason: Refund.Reason(rawValue: r.text(4)) ?? .refund,
                    passengers: Self.indexes(r.text(5)),
                    vehicles: Self.indexes(r.text(6)),
                    refundedBy: r.text(7),
                    createdAt: r.date(8),
                    paidOutAt: r.optionalDate(9),
                    paidOutBy: r.optionalText(10)
                )
            )
        }
        try self.db.step(
            "SELECT from_reference, to_reference, amount_fen, created_at, method FROM transfer WHERE from_reference = ?1 OR to_reference = ?1 ORDER BY id",
            [key]
        ) { t in
            let incoming = t.text(1) == reference
            let other = t.text(incoming ? 0 : 1)
            booking.transfers.append(
                Transfer(
                    otherReference: other,
                    amountFen: incoming ? t.int(2) : -t.int(2),
                    method: t.optionalText(4).flatMap(PaymentMethod.init(rawValue:)),
                    createdAt: t.date(3)
                )
            )
            if !incoming, !booking.rebookedTo.contains(other) { booking.rebookedTo.append(other) }
        }
        return booking
    }

    public func tokenHash(reference: String) throws -> String? {
        try self.value(String.self, sql: "SELECT token_hash FROM booking WHERE reference = ?", arguments: [reference])
    }

    public func referenceExists(_ reference: String) throws -> Bool {
        try self.db.int("SELECT EXISTS (SELECT 1 FROM booking WHERE reference = ?)", [.text(reference)]) == 1
    }

    public func takenIdentities(
        sailingId: String,
        documents: [(type: DocumentType, number: String)],
        at now: Date
    ) throws -> [(
        type: DocumentType, number: String
    )] {
        // One seek of the unique index (sailing, number, type) per document, not a scan of the
        // sailing's passengers: its entries under every type that names the same person sit
        // together. Named, and `+id_type` kept off the index, because otherwise the planner
        // seeks once per type or scans the sailing's load index.
        try documents.filter { document in
            let types = DocumentType.allCases.filter { $0.identityKind == document.type.identityKind }
            return try self.db.int(
                """
                SELECT EXISTS (SELECT 1 FROM passenger INDEXED BY passenger_identity_once WHERE sailing_id = ? AND id_number = ?
                    AND +id_type IN (\(databaseQuestionMarks(count: types.count))) AND active = 1 AND (hold_until IS NULL OR hold_until > ?))
                """,
                [.text(sailingId), .text(document.number)] + types.map { .text($0.rawValue) } + [.int(now.storedMillis)]
            ) == 1
        }
    }

    public func takenPlates(sailingId: String, plates: [String], at now: Date) throws -> [String] {
        guard !plates.isEmpty else { return [] }
        var arguments: StatementArguments = [sailingId, now.storedMillis]
        arguments += StatementArguments(plates)
        return try self.values(
            String.self,
            sql: """
                SELECT plate FROM vehicle
                WHERE sailing_id = ? AND active = 1 AND (hold_until IS NULL OR hold_until > ?)
                AND plate IN (\(databaseQuestionMarks(count: plates.count)))
                """,
            arguments: arguments
        )
    }

    public func confirm(reference: String, payment: Payment, tickets: [Int: Ticket]) throws {
        try self.execute(
            sql: "UPDATE booking SET status = 'confirmed', funding_method = ? WHERE reference = ?",
            arguments: [payment.method.rawValue, reference]
        )
        try self.execute(sql: "UPDATE passenger SET hold_until = NULL WHERE booking_reference = ?", arguments: [reference])
        try self.execute(sql: "UPDATE vehicle SET hold_until = NULL WHERE booking_reference = ?", arguments: [reference])
        try self.insert(payment: payment, reference: reference)
        try self.insert(tickets: tickets, reference: reference)
    }

    public func insert(payment: Payment, reference: String) throws {
        try self.execute(
            sql: "INSERT INTO payment (booking_reference, method, amount_fen, reference, paid_at, fee_fen) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [reference, payment.method.rawValue, payment.amountFen, payment.reference, payment.paidAt.storedMillis, payment.feeFen]
        )
    }

    public func insert(tickets: [Int: Ticket], reference: String) throws {
        for (index, t) in tickets.sorted(by: { $0.key < $1.key }) {
            try self.execute(
                sql: """
                    INSERT INTO ticket (id, booking_reference, passenger_index, code, sailing_id, status, issued_at, guardian_ticket_id)
                    SELECT ?, ?, ?, ?, sailing_id, ?, ?, ? FROM booking WHERE reference = ?
                    """,
                arguments: [t.id, reference, index, t.code, t.status.rawValue, t.issuedAt.storedMillis, t.guardianTicketId, reference]
            )
        }
    }

    public func refund(reference: String, passengers: [Int], vehicles: [Int], entries: [Refund], at now: Date) throws {
        for index in passengers {
            try self.execute(
                sql: "UPDATE passenger SET refunded_at = ?, active = 0 WHERE booking_reference = ? AND idx = ?",
                arguments: [now.storedMillis, reference, index]
            )
            try self.execute(
                sql: "UPDATE ticket SET status = 'refunded' WHERE booking_reference = ? AND passenger_index = ? AND status = 'valid'",
                arguments: [reference, index]
            )
        }
        for index in vehicles {
            try self.execute(
                sql: "UPDATE vehicle SET refunded_at = ?, active = 0 WHERE booking_reference = ? AND idx = ?",
                arguments: [now.storedMillis, reference, index]
            )
        }
        for entry in entries { try self.insert(refund: entry, reference: reference) }
        try self.execute(
            sql: """
                UPDATE booking SET status = 'refunded' WHERE reference = ?
                AND NOT EXISTS (SELECT 1 FROM passenger WHERE booking_reference = ? AND refunded_at IS NULL AND moved_to IS NULL)
                """,
            arguments: [reference, reference]
        )
    }

    public func insert(refund r: Refund, reference: String) throws {
        try self.execute(
            sql: """
                INSERT INTO refund (id, booking_reference, amount_fen, fee_fen, method, reason, passengers, vehicles, refunded_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                r.id, reference, r.amountFen, r.feeFen, r.method.rawValue, r.reason.rawValue, r.passengers.map(String.init).joined(separator: ","),
                r.vehicles.map(String.init).joined(separator: ","), r.refundedBy, r.createdAt.storedMillis,
            ]
        )
    }

    public func payOut(refundId: String, at now: Date, by: String) throws {
        try self.execute(sql: "UPDATE refund SET paid_out_at = ?, paid_out_by = ? WHERE id = ?", arguments: [now.storedMillis, by, refundId])
    }

    public func move(
        reference: String,
        to sailingId: String,
        passengers: [BookedPassenger],
        vehicles: [BookedVehicle],
        tickets: [Int: Ticket]
    )
        throws
    {
        for p in passengers {
            try self.execute(
                sql: "UPDATE ticket SET status = 'superseded' WHERE booking_reference = ? AND passenger_index = ? AND status = 'valid'",
                arguments: [reference, p.index]
            )
            try self.execute(
                sql: """
                    UPDATE passenger SET sailing_id = ?, fare_type = ?, fare_basis = ?, seat_class = ?, fare_fen = ?, guardian = ?
                    WHERE booking_reference = ? AND idx = ?
                    """,
                arguments: [sailingId, p.fareType.rawValue, p.fareBasis.rawValue, p.seatClass?.rawValue, p.fareFen, p.guardian, reference, p.index]
            )
        }
        for v in vehicles {
            try self.execute(
                sql: "UPDATE vehicle SET sailing_id = ?, pool = ?, fare_fen = ? WHERE booking_reference = ? AND idx = ?",
                arguments: [sailingId, v.pool.rawValue, v.fareFen, reference, v.index]
            )
        }
        let total = passengers.reduce(0) { $0 + $1.fareFen } + vehicles.reduce(0) { $0 + $1.fareFen }
        try self.execute(sql: "UPDATE booking SET sailing_id = ?, total_fen = ? WHERE reference = ?", arguments: [sailingId, total, reference])
        try self.insert(tickets: tickets, reference: reference)
    }

    public func markMoved(reference: String, passengers: [Int], vehicles: [Int], to newReference: String, transfers: [FundShare], at now: Date) throws
    {
        for index in passengers {
            try self.execute(
                sql: "UPDATE passenger SET moved_to = ?, active = 0 WHERE booking_reference = ? AND idx = ?",
                arguments: [newReference, reference, index]
            )
            try self.execute(
                sql: "UPDATE ticket SET status = 'superseded' WHERE booking_reference = ? AND passenger_index = ? AND status = 'valid'",
                arguments: [reference, index]
            )
        }
        for index in vehicles {
            try self.execute(
                sql: "UPDATE vehicle SET moved_to = ?, active = 0 WHERE booking_reference = ? AND idx = ?",
                arguments: [newReference, reference, index]
            )
        }
        for share in transfers {
            try self.execute(
                sql: "INSERT INTO transfer (from_reference, to_reference, amount_fen, method, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [reference, newReference, share.amountFen, share.method.rawValue, now.storedMillis]
            )
        }
    }

    public func expireHolds(at now: Date, sailingId: String?) throws -> [String] {
        var sql = "SELECT reference FROM booking WHERE status = 'held' AND expires_at <= ?"
        var arguments: [SQLValue] = [.int(now.storedMillis)]
        if let sailingId {
            sql += " AND sailing_id = ?"
            arguments.append(.text(sailingId))
        }
        var references: [String] = []
        try self.db.step(sql, arguments) { row in references.append(row.text(0)) }
        for reference in references {
            try self.execute(sql: "UPDATE booking SET status = 'expired' WHERE reference = ?", arguments: [reference])
            try self.execute(sql: "UPDATE passenger SET active = 0 WHERE booking_reference = ?", arguments: [reference])
            try self.execute(sql: "UPDATE vehicle SET active = 0 WHERE booking_reference = ?", arguments: [reference])
        }
        return references
    }
}
