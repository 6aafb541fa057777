import FerryCrypto
import FerryDomain
import FerryStore
import Foundation

/// What a rebooking asks for.
public struct RebookRequest: Sendable {
    public var reference: String
    public var targetSailingId: String
    /// Nil: everyone still travelling.
    public var passengers: [Int]?
    public var seatClass: SeatClass?
    public var method: PaymentMethod?
    public var paymentReference: String?
    /// The sailing the caller believes the booking is on. When given and the booking has
    /// moved meanwhile, the rebooking is refused (`booking_changed`): of several concurrent
    /// rebookings of one booking, exactly one wins.
    public var fromSailingId: String?
    /// The most the caller agreed to pay, as a priced refusal told it: a move that would now
    /// cost more (the fee began while the traveller read the price) is refused, not charged.
    public var agreedAmountFen: Int?
    public var channel: SalesChannel
    /// A staff key id, or `traveller`.
    public var by: String

    public init(
        reference: String,
        targetSailingId: String,
        passengers: [Int]? = nil,
        seatClass: SeatClass? = nil,
        method: PaymentMethod? = nil,
        paymentReference: String? = nil,
        fromSailingId: String? = nil,
        agreedAmountFen: Int? = nil,
        channel: SalesChannel,
        by: String
    ) {
        self.fromSailingId = fromSailingId
        self.agreedAmountFen = agreedAmountFen
        self.reference = reference
        self.targetSailingId = targetSailingId
        self.passengers = passengers
        self.seatClass = seatClass
        self.method = method
        self.paymentReference = paymentReference
        self.channel = channel
        self.by = by
    }
}

/// What a rebooking did: the booking the passengers now hold (the same one when all moved,
/// a new one otherwise, with its own token), the fee and the fare difference.
public struct RebookResult: Sendable {
    public let booking: Booking
    /// The new booking's token when passengers were split off into one; nil otherwise.
    public let token: String?
    public let feeFen: Int
    public let fareDifferenceFen: Int
}

extension Engine {
    /// Moves a confirmed booking, or some of its passengers, to another sailing between the
    /// same two islands, on any date inside the booking window.
    ///
    /// One transaction: the target's seats, heads and deck units are taken and the old ones
    /// released together, or nothing changes. Fares are recomputed for the new date (a free
    /// child who has turned 6 pays the child fare); the fee is charged per the time left
    /// before the original departure; what is owed is paid with the request's method and what
    /// is over is refunded the way it came.
    public func rebook(_ r: RebookRequest, answer: IdempotentAnswer<RebookResult>? = nil) async throws -> RebookResult {
        if let method = r.method { _ = try Self.checkPayment(method: method, reference: r.paymentReference, channel: r.channel) }
        if let agreed = r.agreedAmountFen, agreed < 0 { throw FerryError(.validationFailed, "amountDueFen is a sum in fen: 0 or more.") }
        let network = try await self.network()
        let now = self.clock.now()
        let policy = self.policy
        // What the caller saw: if another rebooking or refund changes the booking first, this
        // one is refused rather than applied on top.
        let seen = try await self.booking(reference: r.reference)
        if let expected = r.fromSailingId, expected != seen.sailingId {
            throw FerryError(.bookingChanged, "Booking \(r.reference) is on \(seen.sailingId) now, not \(expected); read it again.")
        }
        let token = Codes.randomToken()
        return try await self.store.write { tx in
            guard let booking = try tx.booking(reference: r.reference) else { throw FerryError(.notFound, "No booking \(r.reference).") }
            try Self.requireConfirmed(booking, at: now)
            guard booking.sailingId == (r.fromSailingId ?? seen.sailingId), booking.sailingId == seen.sailingId,
                booking.passengers.map(\.isTravelling) == seen.passengers.map(\.isTravelling)
            else {
                throw FerryError(.bookingChanged, "Booking \(r.reference) changed while this rebooking was handled; read it again.")
            }
            guard let from = try tx.sailing(id: booking.sailingId) else { throw FerryError(.notFound, "No sailing \(booking.sailingId).") }
            guard let target = try tx.sailing(id: r.targetSailingId) else { throw FerryError(.notFound, "No sailing \(r.targetSailingId).") }
            guard target.id != from.id else { throw FerryError(.validationFailed, "The booking is already on sailing \(target.id).") }
            guard target.status != .cancelled else { throw FerryError(.sailingCancelled, "Sailing \(target.id) is cancelled.") }
            let fromRoute = try network.route(from.routeId)
            let route = try network.route(target.routeId)
            let island = { (code: String) in network.ports.first { $0.code == code }?.island }
            guard island(fromRoute.from) == island(route.from), island(fromRoute.to) == island(route.to) else {
                throw FerryError(
                    .validationFailed,
                    "Sailing \(target.id) does not cross between the same islands as \(from.id) "
                        + "(\(island(fromRoute.from) ?? fromRoute.from) to \(island(fromRoute.to) ?? fromRoute.to)): rebook onto a crossing the same way."
                )
            }
            let vessel = try network.vessel(target.vesselId)
            try BookingWindow(
                departure: target.departure,
                salesOpenDays: route.salesOpenDays,
                cutoffMinutes: policy.cutoffMinutes(for: r.channel)
            ).check(now)
            let percent = try policy.refunds.rebookPercent(sailing: from, now: now)

            let (people, cars) = try Self.selection(booking, passengers: r.passengers, vehicles: nil, vehiclesNamed: false, doing: "rebooked")
            let moving = Set(people.map(\.index))
            for p in people where p.fareType == .freeChild {
                guard let g = p.guardian, moving.contains(g) else {
                    throw FerryError(.invalidGuardian, "Passenger \(p.index) is a free child and moves with its guardian.")
                }
            }
            let whole = booking.passengers.filter(\.isTravelling).allSatisfy { moving.contains($0.index) }

            // Reprice for the new date and index the moved passengers as they will stand.
            let newIndex =
                whole
                ? Dictionary(uniqueKeysWithValues: people.map { ($0.index, $0.index) })
                : Dictionary(uniqueKeysWithValues: people.enumerated().map { ($0.element.index, $0.offset) })
            let travelDate = LocalTime.date(of: target.departure)
            var moved: [BookedPassenger] = []
            for p in people {
                let priced = try Rebooking.reprice(p, route: route, vessel: vessel, travelDate: travelDate, seatClass: r.seatClass)
                moved.append(
                    BookedPassenger(
                        index: newIndex[p.index] ?? p.index,
                        name: p.name,
                        idType: p.idType,
                        idNumber: p.idNumber,
                        birthDate: p.birthDate,
                        fareType: priced.fareType,
                        fareBasis: priced.basis,
                        seatClass: priced.seatClass,
                        fareFen: priced.fareFen,
                        guardian: priced.fareType == .freeChild ? p.guardian.flatMap { newIndex[$0] } : nil,
                        heightCm: p.heightCm,
                        ticket: nil
                    )
                )
            }

            // Guardians and drivers are 18 or older on the new date too: moved to an earlier
            // date, an 18-year-old may be 17 again. A guardian also stays on an adult ticket.
            let position = { (index: Int) in people.firstIndex { $0.index == index } }
            let ofAge = { (i: Int) in FareRules.age(birthDate: people[i].birthDate, on: travelDate) >= FareRules.guardianAge }
            for (p, m) in zip(people, moved) where m.fareType == .freeChild {
                guard let g = p.guardian, let i = position(g), ofAge(i), moved[i].fareType == .adult else {
                    throw FerryError(
                        .invalidGuardian,
                        "Passenger \(p.guardian ?? p.index) cannot be a guardian on \(travelDate): a guardian is \(FareRules.guardianAge) or older on an adult ticket."
                    )
                }
            }
            if let car = cars.first(where: { position($0.driver).map(ofAge) != true }) {
                throw FerryError(.driverNotInBooking, "Vehicle \(car.plate)'s driver must be \(FareRules.guardianAge) or older on \(travelDate).")
            }

            // Room on the target, checked against what it holds now.
            _ = try tx.expireHolds(at: now, sailingId: target.id)
            if let taken = try tx.takenIdentities(sailingId: target.id, documents: moved.map { ($0.idType, $0.idNumber) }, at: now).first {
                throw FerryError(
                    .duplicatePassenger,
                    "\(taken.type.rawValue) \(IdentityDocument.masked(taken.number)) already holds a booking on \(target.id)."
                )
            }
            if let plate = try tx.takenPlates(sailingId: target.id, plates: cars.map(\.plate), at: now).first {
                throw FerryError(.duplicateVehicle, "Vehicle \(plate) already holds a booking on \(target.id).")
            }
            var occupancy = try tx.occupancy(sailingId: target.id, at: now)
            try occupancy.checkRoom(seats: SeatClass.count(moved.map(\.seatClass)), heads: moved.count, on: vessel)
            let permits = try tx.greenPermitNumbers(plates: cars.filter { $0.category == .green }.map(\.plate), on: travelDate)
            for car in cars where car.category == .green {
                try GreenPermit.require(permits[car.plate, default: []], named: nil, plate: car.plate, on: travelDate)
            }
            let deck = VehicleDeck(vessel: vessel, route: route, departure: target.departure, policy: policy)
            var movedCars: [BookedVehicle] = []
            for (offset, v) in cars.enumerated() {
                guard route.carriesVehicles(on: vessel), let fare = route.vehicleFares[v.kind] else {
                    throw FerryError(.soldOut, "Sailing \(target.id) carries no vehicles.")
                }
                guard let pool = deck.allocate(units: v.units, category: v.category, taken: occupancy.deck, at: now) else {
                    throw FerryError(.soldOut, "No room on the vehicle deck of \(target.id) for \(v.plate).")
                }
                occupancy.deck[pool] += v.units
                movedCars.append(
                    BookedVehicle(
                        index: whole ? v.index : offset,
                        plate: v.plate,
                        kind: v.kind,
                        category: v.category,
                        pool: pool,
                        units: v.units,
                        driver: newIndex[v.driver] ?? v.driver,
                        permit: v.permit,
                        fareFen: fare
                    )
                )
            }

            // Money: the fee on the fares paid, the difference on the new date.
            let oldFares = people.reduce(0) { $0 + $1.fareFen } + cars.reduce(0) { $0 + $1.fareFen }
            let newFares = moved.reduce(0) { $0 + $1.fareFen } + movedCars.reduce(0) { $0 + $1.fareFen }
            let fee =
                people.reduce(0) { $0 + RefundPolicy.fee($1.fareFen, percent: percent) }
                + cars.reduce(0) { $0 + RefundPolicy.fee($1.fareFen, percent: percent) }
            let net = fee + newFares - oldFares
            var payment: Payment? = nil
            let price = ["amountDueFen": net, "feeFen": fee, "fareDifferenceFen": newFares - oldFares]
            if net > 0 {
                if let agreed = r.agreedAmountFen, net > agreed {
                    throw FerryError(
                        .priceChanged,
                        "This rebooking now costs \(net) fen more, not the \(agreed) agreed: nothing was moved or paid.",
                        amounts: price
                    )
                }
                guard let method = r.method else {
                    // Asked without a way to pay, the answer is the price: a client can show it
                    // to its traveller and ask again with a method.
                    throw FerryError(
                        .validationFailed,
                        "This rebooking costs \(net) fen more: send method (and paymentReference when online).",
                        amounts: price
                    )
                }
                try Self.requireCallbackFree(method, policy: policy, rebooking: true)
                let reference = try Self.checkPayment(method: method, reference: r.paymentReference, channel: r.channel)
                // When the fare went down by less than the fee, part of the fee is paid here and
                // the rest was covered by the fare: the refund entry below keeps it on the ledger.
                payment = Payment(method: method, amountFen: net, reference: reference, paidAt: now, feeFen: min(fee, net))
            }
            // Moved out with some passengers, their fares leave by the ways they were paid; the
            // new booking holds them that way.
            let transfers = whole ? [] : booking.returning(oldFares)
            let held = whole ? booking.funds : transfers
            // When nothing is owed, what is over (possibly nothing) goes back the way it came, and
            // the fee is kept on the ledger either way.
            let refunds =
                net < 0 || fee > max(0, net)
                ? Refund.entries(
                    FundShare.split(max(0, -net), over: held, fallback: booking.fundingMethod ?? .cash),
                    feeFen: fee - min(fee, max(0, net)),
                    reason: .rebook,
                    passengers: moved.map(\.index),
                    vehicles: movedCars.map(\.index),
                    by: r.by,
                    at: now
                ) : []

            var holder = Booking(
                reference: whole ? booking.reference : try Self.newReference(tx),
                sailingId: target.id,
                status: .confirmed,
                channel: whole ? booking.channel : r.channel,
                createdAt: whole ? booking.createdAt : now,
                expiresAt: whole ? booking.expiresAt : now,
                totalFen: newFares,
                phone: booking.phone,
                passengers: moved,
                vehicles: movedCars,
                payments: []
            )
            holder.fundingMethod = booking.fundingMethod
            holder.rebookedFrom = whole ? booking.rebookedFrom : booking.reference
            let tickets = try self.issueTickets(for: holder, sailing: target, at: now)
            if whole {
                try tx.move(reference: booking.reference, to: target.id, passengers: moved, vehicles: movedCars, tickets: tickets)
            } else {
                try tx.insert(booking: holder, tokenHash: SHA256.hex(token))
                try tx.markMoved(
                    reference: booking.reference,
                    passengers: people.map(\.index),
                    vehicles: cars.map(\.index),
                    to: holder.reference,
                    transfers: transfers,
                    at: now
                )
                try tx.insert(tickets: tickets, reference: holder.reference)
            }
            if let payment { try tx.insert(payment: payment, reference: holder.reference) }
            for refund in refunds { try tx.insert(refund: refund, reference: holder.reference) }
            guard let result = try tx.booking(reference: holder.reference) else { throw FerryError(.notFound, "No booking \(holder.reference).") }
            let rebooked = RebookResult(booking: result, token: whole ? nil : token, feeFen: fee, fareDifferenceFen: newFares - oldFares)
            try answer?.save(rebooked, at: now, in: tx)
            return rebooked
        }
    }

    static func newReference(_ tx: Store.Transaction) throws -> String {
        var reference = Codes.bookingReference()
        while try tx.referenceExists(reference) { reference = Codes.bookingReference() }
        return reference
    }
}
