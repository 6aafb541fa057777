import FerryDomain
import Foundation
import GRDB

extension GRDBTransaction {
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
}
