import FerryCrypto
import FerryDomain
import FerryStore
import Foundation

extension Engine {
    /// Refunds a confirmed booking, or some of its passengers and vehicles.
    ///
    /// A guardian's free child and a driver's vehicle go with them. The fee tier is the one
    /// in force at this instant (nothing on a cancelled or badly delayed sailing); money goes
    /// back the way it came, in one entry per way when a rebooking was topped up another
    /// way. Checked and written in one transaction, so a passenger is never
    /// refunded twice however many requests race.
    /// - Parameter by: a staff key id, or `traveller`.
    public func refund(
        reference: String,
        passengers: [Int]?,
        vehicles: [Int]?,
        by: String,
        answer: IdempotentAnswer<(refunds: [Refund], booking: Booking)>? = nil
    ) async throws -> (refunds: [Refund], booking: Booking) {
        let now = self.clock.now()
        let policy = self.policy.refunds
        return try await self.store.write { tx in
            guard let booking = try tx.booking(reference: reference) else { throw FerryError(.notFound, "No booking \(reference).") }
            try Self.requireConfirmed(booking, at: now)
            guard let sailing = try tx.sailing(id: booking.sailingId) else { throw FerryError(.notFound, "No sailing \(booking.sailingId).") }
            let percent = try policy.refundPercent(sailing: sailing, now: now)
            let (people, cars) = try Self.selection(booking, passengers: passengers, vehicles: vehicles, doing: "refunded")
            let fares = people.map(\.fareFen) + cars.map(\.fareFen)
            let fee = fares.reduce(0) { $0 + RefundPolicy.fee($1, percent: percent) }
            let refunds = Refund.entries(
                booking.returning(fares.reduce(0, +) - fee),
                feeFen: fee,
                reason: .refund,
                passengers: people.map(\.index),
                vehicles: cars.map(\.index),
                by: by,
                at: now
            )
            try tx.refund(reference: reference, passengers: people.map(\.index), vehicles: cars.map(\.index), entries: refunds, at: now)
            // Read on the writer's warm cache, as `pay` does.
            guard let refunded = try tx.booking(reference: reference) else { throw FerryError(.notFound, "No booking \(reference).") }
            try answer?.save((refunds, refunded), at: now, in: tx)
            return (refunds, refunded)
        }
    }

    /// A counter hands over the cash of a `cash_due` refund, at most once, whichever counter
    /// the traveller goes to.
    /// - Parameter by: the counter's staff key id.
    public func payOut(
        reference: String,
        refundId: String,
        by: String,
        answer: IdempotentAnswer<Booking>? = nil
    ) async throws -> Booking {
        let now = self.clock.now()
        return try await self.store.write { tx in
            guard let booking = try tx.booking(reference: reference) else { throw FerryError(.notFound, "No booking \(reference).") }
            guard let refund = booking.refunds.first(where: { $0.id == refundId }) else {
                throw FerryError(.notFound, "Booking \(reference) has no refund \(refundId).")
            }
            guard refund.method == .cashDue else {
                throw FerryError(.notCashDue, "Refund \(refundId) goes back to its \(refund.method.rawValue) payment, not in cash at a counter.")
            }
            guard refund.amountFen > 0 else {
                throw FerryError(.notCashDue, "Refund \(refundId) gives nothing back: there is no cash to hand over.")
            }
            if let paidOutAt = refund.paidOutAt {
                throw FerryError(
                    .alreadyPaidOut,
                    "Refund \(refundId) was paid out at \(LocalTime.format(paidOutAt)).",
                    details: ["paidOutAt": LocalTime.format(paidOutAt)]
                )
            }
            // Checked and written in one write: of two counters racing, the second reads it paid.
            try tx.payOut(refundId: refundId, at: now, by: by)
            guard let paid = try tx.booking(reference: reference) else { throw FerryError(.notFound, "No booking \(reference).") }
            try answer?.save(paid, at: now, in: tx)
            return paid
        }
    }

    static func requireConfirmed(_ booking: Booking, at now: Date) throws(FerryError) {
        switch booking.status(at: now) {
        case .confirmed: return
        case .refunded: throw FerryError(.alreadyRefunded, "Booking \(booking.reference) is already refunded.")
        case .held, .expired:
            throw FerryError(.bookingNotConfirmed, "Booking \(booking.reference) is not paid: there is nothing to refund or rebook.")
        }
    }

    /// The passengers and vehicles a refund or rebooking covers: those named (all still
    /// travelling when none are), plus the free children of named guardians and the vehicles
    /// of named drivers.
    static func selection(
        _ b: Booking,
        passengers: [Int]?,
        vehicles: [Int]?,
        vehiclesNamed: Bool = true,
        doing: String
    ) throws(FerryError)
        -> (passengers: [BookedPassenger], vehicles: [BookedVehicle])
    {
        if passengers?.isEmpty == true && vehicles?.isEmpty != false || vehicles?.isEmpty == true && passengers == nil {
            // A rebooking names passengers only: vehicles go with their drivers.
            let what = vehiclesNamed ? "passenger or vehicle" : "passenger"
            throw FerryError(.validationFailed, "Name at least one \(what), or none at all for the whole booking.")
        }
        let all = passengers == nil && vehicles == nil
        var people = Set(all ? b.passengers.filter(\.isTravelling).map(\.index) : passengers ?? [])
        var cars = Set(all ? b.vehicles.filter(\.isTravelling).map(\.index) : vehicles ?? [])
        for i in people.sorted() {
            guard b.passengers.indices.contains(i) else { throw FerryError(.validationFailed, "Booking \(b.reference) has no passenger \(i).") }
            let p = b.passengers[i]
            guard p.isTravelling else {
                throw FerryError(.alreadyRefunded, p.movedTo.map { "Passenger \(i) was rebooked into \($0)." } ?? "Passenger \(i) was refunded.")
            }
        }
        // A free child goes with its guardian, so a child already aboard (its scan uploaded by
        // an offline gate before the guardian's) holds the guardian back too.
        var followers: [Int: Int] = [:]
        for p in b.passengers where p.isTravelling && p.fareType == .freeChild && !people.contains(p.index) {
            if let g = p.guardian, people.contains(g) { followers[p.index] = g }
        }
        people.formUnion(followers.keys)
        let boarded = people.sorted().compactMap { i in b.passengers[i].ticket.flatMap { $0.status == .boarded ? (i, $0) : nil } }
        if let (first, ticket) = boarded.first {
            let name = { (i: Int) in followers[i].map { "\(i) (the free child of passenger \($0), who goes with them)" } ?? "\(i)" }
            let who = boarded.count == 1 ? "Passenger \(name(first)) has" : "Passengers \(boarded.map { name($0.0) }.joined(separator: ", ")) have"
            throw FerryError(
                .alreadyBoarded,
                "\(who) boarded: a used ticket cannot be \(doing)\(all ? "; name the passengers who have not" : "").",
                details: ["boardedAt": ticket.boardedAt.map(LocalTime.format) ?? ""]
            )
        }
        for i in cars {
            guard b.vehicles.indices.contains(i) else { throw FerryError(.validationFailed, "Booking \(b.reference) has no vehicle \(i).") }
            let v = b.vehicles[i]
            guard v.isTravelling else {
                throw FerryError(
                    .alreadyRefunded,
                    v.movedTo.map { "Vehicle \(v.plate) was rebooked into \($0)." } ?? "Vehicle \(v.plate) was refunded."
                )
            }
        }
        // A vehicle goes with its driver.
        for v in b.vehicles where v.isTravelling && people.contains(v.driver) { cars.insert(v.index) }
        guard !people.isEmpty || !cars.isEmpty else {
            throw FerryError(.alreadyRefunded, "Nobody on booking \(b.reference) is left to be \(doing).")
        }
        return (people.sorted().map { b.passengers[$0] }, cars.sorted().map { b.vehicles[$0] })
    }
}
