import FerryDomain
import Foundation
import GRDB

extension GRDBTransaction {
    public func update(sailing s: Sailing) throws {
        try self.execute(
            sql: "UPDATE sailing SET departure = ?, vessel_id = ?, status = ?, reason = ?, decision_at = ? WHERE id = ?",
            arguments: [s.departure.storedMillis, s.vesselId, s.status.rawValue, s.reason?.rawValue, s.decisionAt?.storedMillis, s.id]
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

    public func liveHolds(sailingId: String, at now: Date) throws -> [LiveHold] {
        try self.rows(
            sql: "SELECT reference, channel, created_at, expires_at FROM booking WHERE sailing_id = ? AND status = 'held' AND expires_at > ?",
            arguments: [sailingId, now.storedMillis]
        )
        .map { row in
            LiveHold(
                reference: row[0],
                channel: SalesChannel(rawValue: row[1]) ?? .online,
                createdAt: Date(storedMillis: row[2]),
                expiresAt: Date(storedMillis: row[3])
            )
        }
    }

    public func setHoldExpiry(reference: String, to expiresAt: Date) throws {
        let arguments: StatementArguments = [expiresAt.storedMillis, reference]
        try self.execute(sql: "UPDATE booking SET expires_at = ? WHERE reference = ?", arguments: arguments)
        // What the booking holds ends with it: the load counts read these.
        for table in ["passenger", "vehicle"] {
            try self.execute(
                sql: "UPDATE \(table) SET hold_until = ? WHERE booking_reference = ? AND active = 1 AND hold_until IS NOT NULL",
                arguments: arguments
            )
        }
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

    func noticeRows(sql: String, arguments: StatementArguments) throws -> [Notice] {
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
}
