import FerryDomain
import Foundation
import GRDB

extension GRDBTransaction {
    /// Sailings by SQLite's C API, columns read by position: looking columns up by name cost
    /// more than the query itself on the booking path.
    func sailings(where condition: String, _ arguments: [SQLValue]) throws -> [Sailing] {
        var sailings: [Sailing] = []
        try self.db.step(
            "SELECT id, route_id, scheduled_departure, departure, vessel_id, status, timetable_id, reason, decision_at FROM sailing WHERE \(condition)",
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
            sailing.reason = row.optionalText(7).flatMap(DisruptionReason.init(rawValue:))
            sailing.decisionAt = row.optionalDate(8)
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
}
