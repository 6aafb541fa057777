import FerryDomain
import Foundation
import GRDB

/// The store's queries over one open GRDB transaction.
public struct GRDBTransaction: StoreTransaction {
    let db: Database
    /// Run once the transaction this write belongs to has committed; dropped if it rolls back.
    let afterCommitActions = AfterCommitActions()

    // MARK: Network

    public func isSeeded() throws -> Bool {
        try self.value(Int.self, sql: "SELECT COUNT(*) FROM route") ?? 0 > 0
    }

    public func insert(network: DemoNetwork) throws {
        for p in network.ports {
            try self.execute(
                sql: "INSERT INTO port (code, name, name_zh, island) VALUES (?, ?, ?, ?)",
                arguments: [p.code, p.name, p.nameZh, p.island]
            )
        }
        for v in network.vessels {
            try self.execute(
                sql: """
                    INSERT INTO vessel (id, name, certified_headcount, deck_units, green_reserve_units, resident_reserve_units)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [v.id, v.name, v.certifiedHeadcount, v.deckUnits, v.reserves.green, v.reserves.resident]
            )
            for (seatClass, seats) in v.seats {
                try self.execute(
                    sql: "INSERT INTO vessel_seat (vessel_id, seat_class, seats) VALUES (?, ?, ?)",
                    arguments: [v.id, seatClass.rawValue, seats]
                )
            }
        }
        for r in network.routes {
            try self.execute(
                sql: """
                    INSERT INTO route (id, from_port, to_port, duration_minutes, sales_open_days, green_reserve_units, resident_reserve_units)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [r.id, r.from, r.to, r.durationMinutes, r.salesOpenDays, r.reserves.green, r.reserves.resident]
            )
            for (seatClass, fare) in r.fares {
                try self.execute(
                    sql: "INSERT INTO route_fare (route_id, seat_class, fare_fen) VALUES (?, ?, ?)",
                    arguments: [r.id, seatClass.rawValue, fare]
                )
            }
            for (kind, fare) in r.vehicleFares {
                try self.execute(
                    sql: "INSERT INTO route_vehicle_fare (route_id, kind, fare_fen) VALUES (?, ?, ?)",
                    arguments: [r.id, kind.rawValue, fare]
                )
            }
        }
        for t in network.timetables {
            try self.execute(
                sql: """
                    INSERT INTO timetable (id, route_id, days_of_week, departure_minute, vessel_id, valid_from, valid_to)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    t.id, t.routeId, t.daysOfWeek.sorted().map(String.init).joined(), t.departureMinute, t.vesselId,
                    t.validFrom.description, t.validTo?.description,
                ]
            )
        }
    }

    public func ports() throws -> [FerryPort] {
        try self.rows(sql: "SELECT code, name, name_zh, island FROM port ORDER BY code").map {
            FerryPort(code: $0["code"], name: $0["name"], nameZh: $0["name_zh"], island: $0["island"])
        }
    }

    public func vessels() throws -> [Vessel] {
        var seats: [String: [SeatClass: Int]] = [:]
        for row in try self.rows(sql: "SELECT vessel_id, seat_class, seats FROM vessel_seat") {
            guard let seatClass = SeatClass(rawValue: row["seat_class"]) else { continue }
            seats[row["vessel_id"], default: [:]][seatClass] = row["seats"]
        }
        return try self.rows(sql: "SELECT * FROM vessel ORDER BY id").map {
            Vessel(
                id: $0["id"],
                name: $0["name"],
                certifiedHeadcount: $0["certified_headcount"],
                seats: seats[$0["id"]] ?? [:],
                deckUnits: $0["deck_units"],
                reserves: DeckReserves(green: $0["green_reserve_units"], resident: $0["resident_reserve_units"])
            )
        }
    }

    public func routes() throws -> [Route] {
        var fares: [String: [SeatClass: Int]] = [:]
        for row in try self.rows(sql: "SELECT route_id, seat_class, fare_fen FROM route_fare") {
            guard let seatClass = SeatClass(rawValue: row["seat_class"]) else { continue }
            fares[row["route_id"], default: [:]][seatClass] = row["fare_fen"]
        }
        var vehicleFares: [String: [VehicleKind: Int]] = [:]
        for row in try self.rows(sql: "SELECT route_id, kind, fare_fen FROM route_vehicle_fare") {
            guard let kind = VehicleKind(rawValue: row["kind"]) else { continue }
            vehicleFares[row["route_id"], default: [:]][kind] = row["fare_fen"]
        }
        return try self.rows(sql: "SELECT * FROM route ORDER BY id").map {
            Route(
                id: $0["id"],
                from: $0["from_port"],
                to: $0["to_port"],
                durationMinutes: $0["duration_minutes"],
                salesOpenDays: $0["sales_open_days"],
                fares: fares[$0["id"]] ?? [:],
                vehicleFares: vehicleFares[$0["id"]] ?? [:],
                reserves: DeckReserves(green: $0["green_reserve_units"], resident: $0["resident_reserve_units"])
            )
        }
    }

    public func timetables() throws -> [Timetable] {
        try self.rows(sql: "SELECT * FROM timetable ORDER BY id").compactMap { row in
            let days: String = row["days_of_week"]
            guard let from = LocalDate(row["valid_from"] as String) else { return nil }
            return Timetable(
                id: row["id"],
                routeId: row["route_id"],
                daysOfWeek: Set(days.compactMap(\.wholeNumberValue)),
                departureMinute: row["departure_minute"],
                vesselId: row["vessel_id"],
                validFrom: from,
                validTo: (row["valid_to"] as String?).flatMap(LocalDate.init)
            )
        }
    }

    // MARK: Sailings

    /// Sailings by SQLite's C API, columns read by position: looking columns up by name cost
    /// more than the query itself on the booking path.
    private func sailings(where condition: String, _ arguments: [SQLValue]) throws -> [Sailing] {
        var sailings: [Sailing] = []
        try self.db.step(
            "SELECT id, route_id, scheduled_departure, departure, vessel_id, status, timetable_id FROM sailing WHERE \(condition)",
            arguments
        ) { row in
            var sailing = Sailing(
                id: row.text(0),
                routeId: row.text(1),
                scheduledDeparture: row.date(2),
                departure: row.date(3),
                vesselId: row.text(4),
                status: Sailing.Status(rawValue: row.text(5)) ?? .scheduled
            )
            sailing.timetableId = row.optionalText(6)
            sailings.append(sailing)
        }
        return sailings
    }

    public func sailing(id: String) throws -> Sailing? {
        try self.sailings(where: "id = ?", [.text(id)]).first
    }

    public func sailings(routeIds: [String], from: Date, to: Date) throws -> [Sailing] {
        guard !routeIds.isEmpty else { return [] }
        return try self.sailings(
            where: """
                route_id IN (\(databaseQuestionMarks(count: routeIds.count))) AND scheduled_departure >= ? AND scheduled_departure < ?
                ORDER BY departure, route_id
                """,
            routeIds.map(SQLValue.text) + [.int(from.storedMillis), .int(to.storedMillis)]
        )
    }

    public func insertMissing(sailings: [Sailing]) throws -> Int {
        let statement = try self.db.cachedStatement(
            sql: """
                INSERT INTO sailing (id, route_id, scheduled_departure, departure, vessel_id, status, timetable_id)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """
        )
        var inserted = 0
        for s in sailings {
            try statement.execute(arguments: [
                s.id, s.routeId, s.scheduledDeparture.storedMillis, s.departure.storedMillis, s.vesselId, s.status.rawValue, s.timetableId,
            ])
            inserted += self.db.changesCount
        }
        return inserted
    }

    public func upsert(timetable t: Timetable) throws {
        try self.execute(
            sql: """
                INSERT INTO timetable (id, route_id, days_of_week, departure_minute, vessel_id, valid_from, valid_to)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET route_id = excluded.route_id, days_of_week = excluded.days_of_week,
                    departure_minute = excluded.departure_minute, vessel_id = excluded.vessel_id,
                    valid_from = excluded.valid_from, valid_to = excluded.valid_to
                """,
            arguments: [
                t.id, t.routeId, t.daysOfWeek.sorted().map(String.init).joined(), t.departureMinute, t.vesselId, t.validFrom.description,
                t.validTo?.description,
            ]
        )
    }

    public func sailings(timetableId: String, departingFrom: Date) throws -> [Sailing] {
        try self.sailings(
            where: "timetable_id = ? AND scheduled_departure >= ? ORDER BY scheduled_departure",
            [.text(timetableId), .int(departingFrom.storedMillis)]
        )
    }

    public func hasBookings(sailingId: String) throws -> Bool {
        try self.value(
            Bool.self,
            sql: """
                SELECT EXISTS (SELECT 1 FROM booking WHERE sailing_id = ?1) OR EXISTS (SELECT 1 FROM passenger WHERE sailing_id = ?1)
                    OR EXISTS (SELECT 1 FROM vehicle WHERE sailing_id = ?1) OR EXISTS (SELECT 1 FROM ticket WHERE sailing_id = ?1)
                    OR EXISTS (SELECT 1 FROM notice WHERE sailing_id = ?1)
                """,
            arguments: [sailingId]
        ) ?? false
    }

    public func deleteSailing(id: String) throws {
        try self.execute(sql: "DELETE FROM sailing WHERE id = ?", arguments: [id])
    }

    public func setVessel(sailingId: String, vesselId: String) throws {
        try self.execute(sql: "UPDATE sailing SET vessel_id = ? WHERE id = ?", arguments: [vesselId, sailingId])
    }

    // MARK: Occupancy

    public func occupancy(sailingId: String, at now: Date) throws -> Occupancy {
        try self.occupancies(sailingIds: [sailingId], at: now)[sailingId] ?? Occupancy()
    }

    /// Counted on every sale and search, by SQLite's C API over the covering load indexes.
    public func occupancies(sailingIds: [String], at now: Date) throws -> [String: Occupancy] {
        guard !sailingIds.isEmpty else { return [:] }
        let marks = databaseQuestionMarks(count: sailingIds.count)
        let arguments = sailingIds.map(SQLValue.text) + [.int(now.storedMillis)]
        var result: [String: Occupancy] = [:]
        try self.db.step(
            """
            SELECT sailing_id, seat_class, COUNT(*) FROM passenger
            WHERE sailing_id IN (\(marks)) AND active = 1 AND (hold_until IS NULL OR hold_until > ?)
            GROUP BY sailing_id, seat_class
            """,
            arguments
        ) { row in
            let id = row.text(0)
            let n = row.int(2)
            result[id, default: Occupancy()].heads += n
            if let seatClass = row.optionalText(1).flatMap(SeatClass.init(rawValue:)) {
                result[id, default: Occupancy()].seats[seatClass, default: 0] += n
            }
        }
        try self.db.step(
            """
            SELECT sailing_id, pool, SUM(units) FROM vehicle
            WHERE sailing_id IN (\(marks)) AND active = 1 AND (hold_until IS NULL OR hold_until > ?)
            GROUP BY sailing_id, pool
            """,
            arguments
        ) { row in
            guard let pool = VehiclePool(rawValue: row.text(1)) else { return }
            result[row.text(0), default: Occupancy()].deck[pool] += row.int(2)
        }
        return result
    }

    // MARK: Bookings

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
        try self.db.step("SELECT passenger_index, \(Self.ticketColumns) FROM ticket t WHERE booking_reference = ? ORDER BY issued_at", [key]) {
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

    // MARK: Tickets

    /// The columns `ticket(_:from:)` reads, in its order, of a ticket aliased `t`.
    private static let ticketColumns = "t.id, t.code, t.status, t.issued_at, t.guardian_ticket_id, t.boarded_at, t.boarded_by"

    private static func ticket(_ r: SQLRow, from c: Int32) -> Ticket {
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
    private static let vehicleColumns =
        "v.idx, v.plate, v.kind, v.category, v.pool, v.units, v.driver, v.permit, v.fare_fen, v.refunded_at, v.moved_to"

    private static func vehicle(_ r: SQLRow, from c: Int32) -> BookedVehicle {
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
    private static func indexes(_ text: String) -> [Int] { text.split(separator: ",").compactMap { Int($0) } }

    /// The columns `passenger(_:from:ticket:)` reads, in its order, of a passenger aliased `p`.
    private static let passengerColumns = """
        p.idx, p.name, p.id_type, p.id_number, p.birth_date, p.fare_type, p.fare_basis, p.seat_class, p.fare_fen, p.guardian,
        p.height_cm, p.refunded_at, p.moved_to
        """

    private static func passenger(_ r: SQLRow, from c: Int32, ticket: Ticket?) -> BookedPassenger {
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
    private static let holderSQL = """
        SELECT \(ticketColumns), \(passengerColumns), t.sailing_id, t.booking_reference
        FROM ticket t JOIN passenger p ON p.booking_reference = t.booking_reference AND p.idx = t.passenger_index
        """

    private func holders(_ sql: String, _ arguments: [SQLValue]) throws -> [TicketHolder] {
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
            " WHERE t.sailing_id = ? AND \(Self.identityKey("p.")) = ? ORDER BY t.issued_at DESC LIMIT 1",
            [.text(sailingId), .text(identityKey)]
        ).first
    }

    public func ticketHolders(sailingId: String) throws -> [TicketHolder] {
        try self.holders(" WHERE t.sailing_id = ? ORDER BY p.booking_reference, p.idx, t.issued_at", [.text(sailingId)])
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

    // MARK: Eligibility

    private static func permit(_ r: Row) -> GreenPermit {
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

    private static func resident(_ r: Row) -> ResidentEntry {
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

    // MARK: Schedule changes and notices

    public func update(sailing s: Sailing) throws {
        try self.execute(
            sql: "UPDATE sailing SET departure = ?, vessel_id = ?, status = ? WHERE id = ?",
            arguments: [s.departure.storedMillis, s.vesselId, s.status.rawValue, s.id]
        )
    }

    public func insert(sailing s: Sailing) throws {
        try self.execute(
            sql: """
                INSERT INTO sailing (id, route_id, scheduled_departure, departure, vessel_id, status, timetable_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [s.id, s.routeId, s.scheduledDeparture.storedMillis, s.departure.storedMillis, s.vesselId, s.status.rawValue, s.timetableId]
        )
    }

    public func liveBookings(sailingId: String, at now: Date) throws -> [String] {
        try self.values(
            String.self,
            sql: """
                SELECT reference FROM booking WHERE sailing_id = ?
                AND (status = 'confirmed' OR (status = 'held' AND expires_at > ?)) ORDER BY reference
                """,
            arguments: [sailingId, now.storedMillis]
        )
    }

    public func releaseHolds(sailingId: String, at now: Date) throws {
        let references = try self.values(
            String.self,
            sql: "SELECT reference FROM booking WHERE sailing_id = ? AND status = 'held'",
            arguments: [sailingId]
        )
        for reference in references {
            try self.execute(
                sql: "UPDATE booking SET status = 'expired', expires_at = MIN(expires_at, ?) WHERE reference = ?",
                arguments: [now.storedMillis, reference]
            )
            try self.execute(sql: "UPDATE passenger SET active = 0 WHERE booking_reference = ?", arguments: [reference])
            try self.execute(sql: "UPDATE vehicle SET active = 0 WHERE booking_reference = ?", arguments: [reference])
        }
    }

    public func limitHolds(sailingId: String, channel: SalesChannel, to latest: Date) throws {
        let held = "SELECT reference FROM booking WHERE sailing_id = ? AND channel = ? AND status = 'held' AND expires_at > ?"
        let arguments: StatementArguments = [latest.storedMillis, sailingId, channel.rawValue, latest.storedMillis]
        // Passengers and vehicles first: the booking's own expiry is what selects them.
        for table in ["passenger", "vehicle"] {
            try self.execute(
                sql: "UPDATE \(table) SET hold_until = ? WHERE active = 1 AND hold_until IS NOT NULL AND booking_reference IN (\(held))",
                arguments: arguments
            )
        }
        try self.execute(sql: "UPDATE booking SET expires_at = ? WHERE reference IN (\(held))", arguments: arguments)
    }

    public func insert(notice n: Notice) throws -> Notice {
        // Writes are serialised, so the next number is always the last plus one: no gaps (but
        // the one after a restore, which continues past the floor).
        let seq = try self.lastNoticeSeq() + 1
        try self.execute(
            sql: """
                INSERT INTO notice (seq, type, sailing_id, route_id, reason, title, message, created_at, departure, decision_at, vessel_id,
                    route_ids, ports)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                seq, n.type.rawValue, n.sailingId, n.routeId, n.reason?.rawValue, n.title, n.message, n.createdAt.storedMillis,
                n.departure?.storedMillis, n.decisionAt?.storedMillis, n.vesselId, n.routeIds.joined(separator: ","), n.ports.joined(separator: ","),
            ]
        )
        for reference in n.bookings {
            try self.execute(sql: "INSERT INTO notice_booking (seq, booking_reference) VALUES (?, ?)", arguments: [seq, reference])
        }
        return Notice(
            seq: seq,
            type: n.type,
            sailingId: n.sailingId,
            routeId: n.routeId,
            reason: n.reason,
            title: n.title,
            message: n.message,
            createdAt: n.createdAt,
            departure: n.departure,
            decisionAt: n.decisionAt,
            vesselId: n.vesselId,
            routeIds: n.routeIds,
            ports: n.ports,
            bookings: n.bookings
        )
    }

    public func notices(after seq: Int, limit: Int) throws -> [Notice] {
        try self.noticeRows(sql: "SELECT * FROM notice WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit])
    }

    public func notices(booking reference: String) throws -> [Notice] {
        try self.noticeRows(
            sql: "SELECT n.* FROM notice n JOIN notice_booking b ON b.seq = n.seq WHERE b.booking_reference = ? ORDER BY n.seq",
            arguments: [reference]
        )
    }

    public func lastNoticeSeq() throws -> Int {
        try self.value(Int.self, sql: "SELECT MAX(COALESCE((SELECT MAX(seq) FROM notice), 0), floor) FROM notice_numbering") ?? 0
    }

    public func continueNumberingIfRestored(skipping gap: Int) throws -> (backupTakenAt: Date, firstSeq: Int)? {
        guard let taken = try self.value(Int64.self, sql: "SELECT backup_taken_at FROM notice_numbering") else { return nil }
        let floor = try self.lastNoticeSeq() + gap - 1
        try self.execute(sql: "UPDATE notice_numbering SET floor = ?, backup_taken_at = NULL", arguments: [floor])
        return (Date(storedMillis: taken), floor + 1)
    }

    private func noticeRows(sql: String, arguments: StatementArguments) throws -> [Notice] {
        let rows = try self.rows(sql: sql, arguments: arguments)
        guard let first = rows.first?["seq"] as Int?, let last = rows.last?["seq"] as Int? else { return [] }
        var bookings: [Int: [String]] = [:]
        for row in try self.rows(
            sql: "SELECT seq, booking_reference FROM notice_booking WHERE seq BETWEEN ? AND ? ORDER BY booking_reference",
            arguments: [min(first, last), max(first, last)]
        ) {
            bookings[row["seq"], default: []].append(row["booking_reference"])
        }
        func list(_ text: String) -> [String] { text.split(separator: ",").map(String.init) }
        return rows.map { r in
            Notice(
                seq: r["seq"],
                type: NoticeType(rawValue: r["type"]) ?? .announcement,
                sailingId: r["sailing_id"],
                routeId: r["route_id"],
                reason: (r["reason"] as String?).flatMap(DisruptionReason.init(rawValue:)),
                title: r["title"],
                message: r["message"],
                createdAt: Date(storedMillis: r["created_at"]),
                departure: (r["departure"] as Int64?).map(Date.init(storedMillis:)),
                decisionAt: (r["decision_at"] as Int64?).map(Date.init(storedMillis:)),
                vesselId: r["vessel_id"],
                routeIds: list(r["route_ids"]),
                ports: list(r["ports"]),
                bookings: bookings[r["seq"]] ?? []
            )
        }
    }

    public func afterCommit(_ action: @escaping @Sendable () -> Void) {
        self.afterCommitActions.list.append(action)
    }

    // MARK: Staff keys

    public func insert(staffKey k: StaffKey) throws {
        try self.execute(
            sql: """
                INSERT INTO staff_key (id, key_hash, role, label, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (key_hash) DO UPDATE SET role = excluded.role, label = excluded.label
                """,
            arguments: [k.id, k.hash, k.role.rawValue, k.label, k.createdAt.storedMillis]
        )
    }

    public func staffKey(hash: String) throws -> StaffKey? {
        try self.row(sql: "SELECT * FROM staff_key WHERE key_hash = ?", arguments: [hash]).flatMap(Self.staffKey)
    }

    public func staffKeys() throws -> [StaffKey] {
        try Row.fetchAll(self.db, sql: "SELECT * FROM staff_key ORDER BY created_at, rowid").compactMap(Self.staffKey)
    }

    public func revokeStaffKey(id: String, at now: Date, by: String) throws -> StaffKey? {
        try self.execute(
            sql: "UPDATE staff_key SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL",
            arguments: [now.storedMillis, by, id]
        )
        return try self.row(sql: "SELECT * FROM staff_key WHERE id = ?", arguments: [id]).flatMap(Self.staffKey)
    }

    public func reinstateStaffKey(id: String) throws {
        try self.execute(sql: "UPDATE staff_key SET revoked_at = NULL, revoked_by = NULL WHERE id = ?", arguments: [id])
    }

    public func revokeStaffKeys(labelled label: String, except kept: String, at now: Date, by: String) throws -> [String] {
        let ids = try String.fetchAll(
            self.db,
            sql: "SELECT id FROM staff_key WHERE label = ? AND key_hash != ? AND revoked_at IS NULL",
            arguments: [label, kept]
        )
        for id in ids { _ = try self.revokeStaffKey(id: id, at: now, by: by) }
        return ids
    }

    private static func staffKey(_ row: Row) -> StaffKey? {
        guard let role = StaffRole(rawValue: row["role"]) else { return nil }
        return StaffKey(
            id: row["id"],
            hash: row["key_hash"],
            role: role,
            label: row["label"],
            createdAt: Date(storedMillis: row["created_at"]),
            revokedAt: (row["revoked_at"] as Int64?).map(Date.init(storedMillis:)),
            revokedBy: row["revoked_by"]
        )
    }

    // MARK: Idempotency

    public func idempotentResponse(key: String) throws -> StoredResponse? {
        try self.row(sql: "SELECT * FROM idempotent_response WHERE key = ?", arguments: [key]).map { row in
            StoredResponse(
                fingerprint: row["fingerprint"],
                status: row["status"],
                body: [UInt8](row["body"] as Data),
                createdAt: Date(storedMillis: row["created_at"])
            )
        }
    }

    public func save(idempotentResponse r: StoredResponse, key: String) throws {
        try self.execute(
            sql: "INSERT INTO idempotent_response (key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            arguments: [key, r.fingerprint, r.status, Data(r.body), r.createdAt.storedMillis]
        )
    }

    public func deleteIdempotentResponses(before cutoff: Date) throws -> Int {
        // No index on the time: this runs once an hour, and a scan then costs less than an
        // index kept up on every idempotent request.
        try self.execute(sql: "DELETE FROM idempotent_response WHERE created_at < ?", arguments: [cutoff.storedMillis])
        return self.db.changesCount
    }

    // MARK: Statements

    /// `IdentityDocument.key` in SQL, over the `id_type` and `id_number` columns of `table`
    /// (a prefix such as `p.`).
    private static func identityKey(_ table: String) -> String {
        let kinds = DocumentType.allCases.map { "WHEN '\($0.rawValue)' THEN '\($0.identityKind)'" }.joined(separator: " ")
        return "(CASE \(table)id_type \(kinds) END || ':' || \(table)id_number)"
    }

    // Every query goes through SQLite's prepared-statement cache: compiling and authorising
    // SQL was a tenth of the CPU of a booking when statements were prepared anew each time.

    private func execute(sql: String, arguments: StatementArguments = []) throws {
        try self.db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    private func rows(sql: String, arguments: StatementArguments = []) throws -> [Row] {
        try Row.fetchAll(self.db.cachedStatement(sql: sql), arguments: arguments)
    }

    private func row(sql: String, arguments: StatementArguments = []) throws -> Row? {
        try Row.fetchOne(self.db.cachedStatement(sql: sql), arguments: arguments)
    }

    private func value<V: DatabaseValueConvertible & StatementColumnConvertible>(
        _: V.Type,
        sql: String,
        arguments: StatementArguments = []
    ) throws -> V? {
        try V.fetchOne(self.db.cachedStatement(sql: sql), arguments: arguments)
    }

    private func values<V: DatabaseValueConvertible & StatementColumnConvertible>(
        _: V.Type,
        sql: String,
        arguments: StatementArguments = []
    ) throws -> [V] {
        try V.fetchAll(self.db.cachedStatement(sql: sql), arguments: arguments)
    }
}

/// The actions one write registered with `afterCommit`; touched only on the writer's queue.
final class AfterCommitActions: @unchecked Sendable {
    var list: [@Sendable () -> Void] = []
}
