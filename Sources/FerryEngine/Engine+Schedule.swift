import FerryDomain
import FerryStore
import Foundation
import Logging

extension Engine {
    /// Delays a sailing to a new departure. Its id never changes.
    public func delay(sailingId: String, to departure: Date, reason: DisruptionReason, message: String?) async throws -> (Sailing, Notice) {
        let now = self.clock.now()
        return try await self.changeSailing(sailingId) { sailing throws(FerryError) in
            // The scheduled departure itself is allowed: it puts the sailing back on time.
            guard departure >= sailing.scheduledDeparture, departure > now,
                departure <= sailing.scheduledDeparture + Sailing.longestDelay
            else {
                throw FerryError(
                    .validationFailed,
                    "A delayed departure is still to come, no earlier than the scheduled one and at most \(Int(Sailing.longestDelay) / 86_400) days after it."
                )
            }
            let before = sailing
            sailing.departure = departure
            sailing.status = departure == sailing.scheduledDeparture ? .scheduled : .delayed
            sailing.reason = sailing.status == .delayed ? reason : nil
            sailing.decisionAt = nil
            // A retry of a delay that went through changes nothing: no second notice to everyone on board.
            guard sailing != before else {
                throw FerryError(
                    .validationFailed,
                    "Sailing \(sailing.id) already departs at \(LocalTime.format(departure))\(sailing.reason.map { " (\($0.rawValue))" } ?? ""): nothing changes and no notice is written."
                )
            }
            return Notice(
                seq: 0,
                type: .delayed,
                sailingId: sailing.id,
                routeId: sailing.routeId,
                reason: reason,
                message: message,
                createdAt: now,
                departure: departure
            )
        }
    }

    /// Marks a sailing weather-pending (视天气) until a decision at `decisionAt`.
    public func markPending(sailingId: String, decisionAt: Date, reason: DisruptionReason, message: String?) async throws -> (Sailing, Notice) {
        let now = self.clock.now()
        return try await self.changeSailing(sailingId) { sailing throws(FerryError) in
            guard decisionAt > now, decisionAt <= sailing.departure else {
                throw FerryError(.validationFailed, "The decision time is still to come and no later than the departure.")
            }
            let before = sailing
            sailing.status = .weatherPending
            sailing.reason = reason
            sailing.decisionAt = decisionAt
            guard sailing != before else {
                throw FerryError(
                    .validationFailed,
                    "Sailing \(sailing.id) is already weather pending (\(reason.rawValue)) with its decision at \(LocalTime.format(decisionAt)): nothing changes and no notice is written."
                )
            }
            return Notice(
                seq: 0,
                type: .weatherPending,
                sailingId: sailing.id,
                routeId: sailing.routeId,
                reason: reason,
                message: message,
                createdAt: now,
                decisionAt: decisionAt
            )
        }
    }

    /// Ends a weather-pending spell with the decision to sail: the sailing goes at its current
    /// departure, `delayed` if that is not the scheduled one, else `scheduled` again.
    public func resume(sailingId: String, message: String?) async throws -> (Sailing, Notice) {
        let now = self.clock.now()
        return try await self.changeSailing(sailingId) { sailing throws(FerryError) in
            guard sailing.status == .weatherPending else {
                throw FerryError(
                    .notWeatherPending,
                    "Sailing \(sailing.id) is \(sailing.status.rawValue), not weather_pending: there is no decision to announce."
                )
            }
            sailing.status = sailing.departure == sailing.scheduledDeparture ? .scheduled : .delayed
            // Still late, it is late for the reason it was held.
            if sailing.status == .scheduled { sailing.reason = nil }
            sailing.decisionAt = nil
            return Notice(
                seq: 0,
                type: .resumed,
                sailingId: sailing.id,
                routeId: sailing.routeId,
                message: message,
                createdAt: now,
                departure: sailing.departure
            )
        }
    }

    /// Cancels a sailing: unpaid holds end at once; paid passengers may refund or rebook free.
    public func cancel(sailingId: String, reason: DisruptionReason, message: String?) async throws -> (Sailing, Notice) {
        let now = self.clock.now()
        return try await self.changeSailing(sailingId, releasingHolds: true) { sailing throws(FerryError) in
            Self.cancelling(&sailing, reason: reason, message: message, at: now)
        }
    }

    private static func cancelling(_ sailing: inout Sailing, reason: DisruptionReason, message: String?, at now: Date) -> Notice {
        sailing.status = .cancelled
        sailing.reason = reason
        sailing.decisionAt = nil
        return Notice(seq: 0, type: .cancelled, sailingId: sailing.id, routeId: sailing.routeId, reason: reason, message: message, createdAt: now)
    }

    /// Cancels every sailing of a route on a local date that has not left and is not cancelled.
    ///
    /// One transaction, so the day's notices carry consecutive seqs and nobody hears of half a
    /// day; a sailing that left or was cancelled meanwhile is skipped.
    public func cancelDay(routeId: String, date: LocalDate, reason: DisruptionReason, message: String?) async throws -> [(Sailing, Notice)] {
        _ = try await self.network().route(routeId)
        let start = LocalTime.instant(date, minuteOfDay: 0)
        let now = self.clock.now()
        let ids = try await self.store.read { tx in try tx.sailings(routeIds: [routeId], from: start, to: start + 86_400) }
            .filter { $0.status != .cancelled && $0.departure > now }.map(\.id)
        guard !ids.isEmpty else { throw FerryError(.notFound, "Route \(routeId) has no sailing left to cancel on \(date).") }
        let policy = self.policy
        let publish = self.publisher
        return try await self.store.write { tx in
            var results: [(Sailing, Notice)] = []
            for id in ids {
                do {
                    results.append(
                        try Self.apply(to: id, releasingHolds: true, at: now, policy: policy, tx) { sailing, _ throws(FerryError) in
                            Self.cancelling(&sailing, reason: reason, message: message, at: now)
                        }
                    )
                } catch let error as FerryError where error.code == .sailingCancelled || error.code == .sailingDeparted {
                    continue
                }
            }
            guard !results.isEmpty else {
                throw FerryError(
                    .notFound,
                    "Route \(routeId) has no sailing left to cancel on \(date): the last ones left or were cancelled meanwhile."
                )
            }
            publish(results.map(\.1), tx)
            return results
        }
    }

    /// Puts another vessel on a sailing, refused when it cannot carry what is sold.
    public func changeVessel(sailingId: String, to vesselId: String) async throws -> (Sailing, Notice) {
        let network = try await self.network()
        let vessel = try network.vessel(vesselId)
        let now = self.clock.now()
        return try await self.changeSailing(sailingId) { sailing, occupancy throws(FerryError) in
            // Nothing changes, so no notice goes out to every traveller on board (a dispatcher's
            // retry of a change that went through lands here).
            guard sailing.vesselId != vessel.id else {
                throw FerryError(.validationFailed, "Sailing \(sailing.id) already sails with \(vessel.name).")
            }
            // Unlike a timetable or an extra sailing, a swap may bring a class the route has no
            // fare for (the boat at hand in fog season): that class is not sold, so counts as none.
            let route = try network.route(sailing.routeId)
            var shortfalls: [String] = []
            for (seatClass, sold) in occupancy.seats.sorted(by: { $0.key < $1.key }) where sold > 0 {
                let seats = route.fares[seatClass] == nil ? 0 : vessel.seats[seatClass, default: 0]
                if sold > seats { shortfalls.append("\(sold - seats) \(seatClass.rawValue) seat(s)") }
            }
            if occupancy.heads > vessel.certifiedHeadcount { shortfalls.append("\(occupancy.heads - vessel.certifiedHeadcount) person(s)") }
            let units = occupancy.deck.green + occupancy.deck.resident + occupancy.deck.general
            if units > vessel.deckUnits { shortfalls.append("\(units - vessel.deckUnits) vehicle unit(s)") }
            guard shortfalls.isEmpty else {
                throw FerryError(.vesselTooSmall, "\(vessel.name) cannot carry what is sold: short of \(shortfalls.joined(separator: ", ")).")
            }
            sailing.vesselId = vessel.id
            return Notice(seq: 0, type: .vesselChanged, sailingId: sailing.id, routeId: sailing.routeId, createdAt: now, vesselId: vessel.id)
        }
    }

    /// Adds an extra sailing outside the timetables.
    public func addSailing(routeId: String, departure: Date, vesselId: String) async throws -> (Sailing, Notice) {
        let network = try await self.network()
        let route = try network.route(routeId)
        let vessel = try network.vessel(vesselId)
        if let missing = vessel.seatClasses.first(where: { route.fares[$0] == nil }) {
            throw FerryError(.validationFailed, "Route \(route.id) has no \(missing.rawValue) fare for \(vessel.name).")
        }
        let now = self.clock.now()
        // Sailings leave on the minute: the minute is what must lie ahead, or the sailing added
        // at 11:41:15 at 11:41:30 would be stored as 11:41, departed before anyone could book it.
        let minute = Date(timeIntervalSince1970: (departure.timeIntervalSince1970 / 60).rounded(.down) * 60)
        guard minute > now, minute <= now + Sailing.furthestExtraSailing else {
            throw FerryError(
                .validationFailed,
                "An extra sailing departs in the future, at most \(Int(Sailing.furthestExtraSailing) / 86_400) days from now."
            )
        }
        let sailing = Sailing(
            id: Sailing.makeId(routeId: routeId, scheduledDeparture: minute),
            routeId: routeId,
            scheduledDeparture: minute,
            departure: minute,
            vesselId: vesselId,
            status: .scheduled
        )
        let publish = self.publisher
        let notice = try await self.store.write { tx in
            guard try tx.sailing(id: sailing.id) == nil else {
                throw FerryError(.sailingExists, "Route \(routeId) already has a sailing at \(LocalTime.format(minute)): \(sailing.id).")
            }
            try tx.insert(sailing: sailing)
            let notice = try tx.insert(
                notice: Notice(seq: 0, type: .added, sailingId: sailing.id, routeId: routeId, createdAt: now, departure: minute, vesselId: vesselId)
            )
            publish([notice], tx)
            return notice
        }
        return (sailing, notice)
    }

    /// A free-text announcement to routes or ports (to everyone when both are empty).
    public func announce(routeIds: [String], ports: [String], title: String?, message: String) async throws -> Notice {
        let network = try await self.network()
        for id in routeIds { _ = try network.route(id) }
        for code in ports where !network.ports.contains(where: { $0.code == code }) { throw FerryError(.notFound, "No port \(code).") }
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...2000).contains(text.count) else { throw FerryError(.validationFailed, "message must be 1 to 2000 characters.") }
        if let title, title.count > 200 { throw FerryError(.validationFailed, "title must be at most 200 characters.") }
        let now = self.clock.now()
        let publish = self.publisher
        // Each route and port once, in the order first named.
        var routesSeen = Set<String>()
        var portsSeen = Set<String>()
        let routeIds = routeIds.filter { routesSeen.insert($0).inserted }
        let ports = ports.filter { portsSeen.insert($0).inserted }
        return try await self.store.write { tx in
            let notice = try tx.insert(
                notice: Notice(seq: 0, type: .announcement, title: title, message: text, createdAt: now, routeIds: routeIds, ports: ports)
            )
            publish([notice], tx)
            return notice
        }
    }

    /// Notices after `seq`, filtered, in order.
    public func notices(after seq: Int, route: String?, sailing: String?, limit: Int = 1000) async throws -> [Notice] {
        var found: [Notice] = []
        var cursor = seq
        // Filtering happens here, so page through until enough match or none are left.
        while found.count < limit {
            let after = cursor
            let page = try await self.store.read { tx in try tx.notices(after: after, limit: 1000) }
            found += page.filter { $0.matches(route: route, sailing: sailing, booking: nil) }
            guard let last = page.last, page.count == 1000 else { break }
            cursor = last.seq
        }
        return Array(found.prefix(limit))
    }

    public func notices(booking reference: String) async throws -> [Notice] {
        try await self.store.read { tx in try tx.notices(booking: reference) }
    }

    /// One schedule change: the sailing is changed, its notice written with the bookings it
    /// affects, in one transaction; the notice is published once committed.
    private func changeSailing(
        _ sailingId: String,
        releasingHolds: Bool = false,
        _ change: @escaping @Sendable (inout Sailing, Occupancy) throws(FerryError) -> Notice
    ) async throws -> (Sailing, Notice) {
        let now = self.clock.now()
        let publish = self.publisher
        let policy = self.policy
        return try await self.store.write { tx in
            let (sailing, notice) = try Self.apply(to: sailingId, releasingHolds: releasingHolds, at: now, policy: policy, tx, change)
            publish([notice], tx)
            return (sailing, notice)
        }
    }

    /// One sailing's change inside a write: refused for a sailing cancelled or gone, otherwise
    /// the sailing updated, its holds ended or limited as the change requires, and its notice
    /// written, naming the bookings it affects. The caller publishes the notice after commit.
    private static func apply(
        to sailingId: String,
        releasingHolds: Bool,
        at now: Date,
        policy: Policy,
        _ tx: Store.Transaction,
        _ change: (inout Sailing, Occupancy) throws(FerryError) -> Notice
    ) throws -> (Sailing, Notice) {
        guard var sailing = try tx.sailing(id: sailingId) else { throw FerryError(.notFound, "No sailing \(sailingId).") }
        let departureBefore = sailing.departure
        guard sailing.status != .cancelled else { throw FerryError(.sailingCancelled, "Sailing \(sailingId) is already cancelled.") }
        guard sailing.departure > now else {
            throw FerryError(.sailingDeparted, "Sailing \(sailingId) left at \(LocalTime.format(sailing.departure)).")
        }
        let bookings = try tx.liveBookings(sailingId: sailingId, at: now)
        let draft = try change(&sailing, try tx.occupancy(sailingId: sailingId, at: now))
        if let message = draft.message, message.count > 2000 {
            throw FerryError(.validationFailed, "message must be at most 2000 characters.")
        }
        if releasingHolds { try tx.releaseHolds(sailingId: sailingId, at: now) }
        if sailing.departure != departureBefore {
            // A hold ends by the sales cut-off of the departure it is for (DESIGN: expiresAt =
            // min(created + holdMinutes, departure − cutoff)). Brought forward, none outlives
            // the new cut-off; put back, one the old cut-off cut short runs on to its own end,
            // and one that was ending on its own time keeps it.
            for hold in try tx.liveHolds(sailingId: sailingId, at: now) {
                let cutoffMinutes = policy.cutoffMinutes(for: hold.channel)
                let oldClose = departureBefore - TimeInterval(cutoffMinutes * 60)
                let window = BookingWindow(departure: sailing.departure, salesOpenDays: 0, cutoffMinutes: cutoffMinutes)
                let ends =
                    hold.expiresAt < oldClose
                    ? min(hold.expiresAt, window.closesAt) : window.holdExpiry(created: hold.createdAt, holdMinutes: policy.holdMinutes)
                if ends != hold.expiresAt { try tx.setHoldExpiry(reference: hold.reference, to: ends) }
            }
        }
        try tx.update(sailing: sailing)
        let notice = try tx.insert(
            notice: Notice(
                seq: 0,
                type: draft.type,
                sailingId: draft.sailingId,
                routeId: draft.routeId,
                reason: draft.reason,
                title: draft.title,
                message: draft.message,
                createdAt: draft.createdAt,
                departure: draft.departure,
                decisionAt: draft.decisionAt,
                vesselId: draft.vesselId,
                bookings: bookings
            )
        )
        return (sailing, notice)
    }

    private func changeSailing(
        _ sailingId: String,
        releasingHolds: Bool = false,
        _ change: @escaping @Sendable (inout Sailing) throws(FerryError) -> Notice
    ) async throws -> (Sailing, Notice) {
        try await self.changeSailing(sailingId, releasingHolds: releasingHolds) { sailing, _ throws(FerryError) in try change(&sailing) }
    }
}

extension Engine {
    /// Registers notices written in a transaction to go out once it commits: pushed to every
    /// subscriber, and logged, a dispatcher's change being what an operator looks up first.
    var publisher: @Sendable ([Notice], Store.Transaction) -> Void {
        let hub = self.hub
        let logger = self.logger
        return { notices, tx in
            tx.afterCommit {
                hub.publish(notices)
                for n in notices {
                    logger.info(
                        "notice published",
                        metadata: [
                            "seq": "\(n.seq)", "type": "\(n.type.rawValue)", "sailing": "\(n.sailingId ?? "-")",
                            "affectedBookings": "\(n.bookings.count)",
                        ]
                    )
                }
            }
        }
    }
}
