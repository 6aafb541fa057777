import FerryDomain
import FerryStore
import Foundation

/// What changing a timetable did to its materialised sailings.
public struct TimetableChange: Sendable {
    public let timetable: Timetable
    /// Sailings created.
    public let added: [String]
    /// Sailings without any booking that the new timetable no longer runs: removed.
    public let removed: [String]
    /// Sailings the new timetable no longer runs (or runs with another vessel) but that have
    /// bookings: kept as they are, for an operator to cancel or change deliberately.
    public let keptWithBookings: [String]
}

extension Engine {
    /// Creates or replaces a timetable and brings its future sailings in line.
    ///
    /// Sailings still to depart are materialised up to the sales horizon; future sailings it
    /// no longer runs are removed only when nobody ever booked them, and another timetable
    /// that runs the same minute gets it back. A sailing with bookings is never dropped
    /// silently: it stays, and the answer lists it.
    public func setTimetable(_ t: Timetable) async throws -> TimetableChange {
        let network = try await self.network()
        let route = try network.route(t.routeId)
        let vessel = try network.vessel(t.vesselId)
        guard !t.daysOfWeek.isEmpty, t.daysOfWeek.isSubset(of: Set(1...7)) else {
            throw FerryError(.validationFailed, "daysOfWeek lists ISO weekdays, 1 (Monday) to 7 (Sunday).")
        }
        guard (0..<1440).contains(t.departureMinute) else { throw FerryError(.validationFailed, "departure is a local time HH:MM.") }
        if let to = t.validTo, to < t.validFrom {
            throw FerryError(.validationFailed, "validTo \(to) is before validFrom \(t.validFrom).")
        }
        if let missing = vessel.seatClasses.first(where: { route.fares[$0] == nil }) {
            throw FerryError(.validationFailed, "Route \(route.id) has no \(missing.rawValue) fare for \(vessel.name)'s \(missing.rawValue) seats.")
        }
        let now = self.clock.now()
        let horizon = Materialiser.horizon(now: now, routes: network.routes)
        return try await self.store.write { tx in
            try tx.upsert(timetable: t)
            let desired = Materialiser.sailings(timetables: [t], after: now, through: horizon)
            let desiredIds = Set(desired.map(\.id))
            var removed: [String] = []
            var kept: [String] = []
            for existing in try tx.sailings(timetableId: t.id, departingFrom: now) {
                let runs = desiredIds.contains(existing.id)
                if runs && existing.vesselId == t.vesselId { continue }
                if try tx.hasBookings(sailingId: existing.id) {
                    kept.append(existing.id)
                } else if runs {
                    try tx.setVessel(sailingId: existing.id, vesselId: t.vesselId)
                } else {
                    try tx.deleteSailing(id: existing.id)
                    removed.append(existing.id)
                }
            }
            // A sailing already at that minute (another timetable's, or an extra one) stays as it is.
            let missing = try desired.filter { try tx.sailing(id: $0.id) == nil }
            _ = try tx.insertMissing(sailings: missing)
            // A minute this one no longer runs may be one another timetable runs too, left to
            // this one while it ran it: that timetable's sailing now takes it.
            let others = try tx.timetables().filter { $0.id != t.id }
            var taken: Set<String> = []
            let freed = Materialiser.sailings(timetables: others, after: now, through: horizon).filter {
                removed.contains($0.id) && taken.insert($0.id).inserted
            }
            _ = try tx.insertMissing(sailings: freed)
            return TimetableChange(timetable: t, added: (missing + freed).map(\.id), removed: removed, keptWithBookings: kept)
        }
    }

    public func timetables() async throws -> [Timetable] {
        try await self.store.read { tx in try tx.timetables() }
    }
}
