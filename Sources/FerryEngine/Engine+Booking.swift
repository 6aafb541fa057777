import FerryCrypto
import FerryDomain
import FerryStore
import Foundation

extension Engine {
    /// Holds seats, heads and deck units for a new booking.
    ///
    /// The request is validated and priced (`BookingPlan`) first, off the single writer that
    /// every sale waits on: against the sailing as last booked, or, when there is none or it
    /// refuses the request, against a read snapshot (so a refusal always rests on current data).
    /// The write then reads the sailing again and keeps that plan only if the sailing is
    /// unchanged; otherwise, and for a booking with vehicles, it plans inside the transaction.
    /// - Parameter answer: stored with the booking, for a request with an `Idempotency-Key`.
    /// - Returns: the held booking and the token its holder acts with (shown only here).
    public func book(
        _ request: BookingRequest,
        answer: IdempotentAnswer<(booking: Booking, token: String)>? = nil
    ) async throws -> (booking: Booking, token: String) {
        let network = try await self.network()
        let now = self.clock.now()
        let policy = self.policy
        let token = Codes.randomToken()
        let tokenHash = SHA256.hex(token)
        let firstReference = Codes.bookingReference()
        // A booking with vehicles is planned in the write only: its permits and its drivers'
        // residence are read there.
        var planned: (sailing: Sailing, plan: BookingPlan)? = nil
        if request.vehicles.isEmpty {
            if let sailing = self.sailingCache.withLock({ $0[request.sailingId] }), sailing.status != .cancelled,
                let plan = try? Self.plan(request, sailing: sailing, network: network, now: now, policy: policy, nil)
            {
                planned = (sailing, plan)
            } else {
                planned = try await self.store.read { tx in
                    let sailing = try Self.sellableSailing(request.sailingId, tx)
                    return (sailing, try Self.plan(request, sailing: sailing, network: network, now: now, policy: policy, tx))
                }
            }
        }
        let booking = try await self.store.write { [planned] tx in
            let sailing = try Self.sellableSailing(request.sailingId, tx)
            self.sailingCache.withLock { cache in
                if cache.count >= 10_000 { cache.removeAll() }
                cache[sailing.id] = sailing
            }
            let plan =
                if let planned, planned.sailing == sailing { planned.plan } else {
                    try Self.plan(request, sailing: sailing, network: network, now: now, policy: policy, tx)
                }
            let route = try network.route(sailing.routeId)
            let vessel = try network.vessel(sailing.vesselId)

            _ = try tx.expireHolds(at: now, sailingId: sailing.id)
            let documents = plan.passengers.map { ($0.document.type, $0.document.number) }
            if let taken = try tx.takenIdentities(sailingId: sailing.id, documents: documents, at: now).first {
                throw FerryError(
                    .duplicatePassenger,
                    "\(taken.type.rawValue) \(IdentityDocument.masked(taken.number)) already holds a booking on this sailing."
                )
            }
            if let plate = try tx.takenPlates(sailingId: sailing.id, plates: plan.vehicles.map { $0.plate }, at: now).first {
                throw FerryError(.duplicateVehicle, "Vehicle \(plate) already holds a booking on this sailing.")
            }
            var occupancy = try tx.occupancy(sailingId: sailing.id, at: now)
            try occupancy.checkRoom(seats: plan.seatsByClass, heads: plan.heads, on: vessel)
            let deck = VehicleDeck(vessel: vessel, route: route, departure: sailing.departure, policy: policy)
            var vehicles: [BookedVehicle] = []
            for (index, v) in plan.vehicles.enumerated() {
                guard let pool = deck.allocate(units: v.units, category: v.category, taken: occupancy.deck, at: now) else {
                    throw FerryError(.soldOut, "No room on the vehicle deck for \(v.plate) (\(v.kind.rawValue), \(v.units) unit(s)).")
                }
                occupancy.deck[pool] += v.units
                vehicles.append(
                    BookedVehicle(
                        index: index,
                        plate: v.plate,
                        kind: v.kind,
                        category: v.category,
                        pool: pool,
                        units: v.units,
                        driver: v.driver,
                        permit: v.permit,
                        fareFen: v.fareFen
                    )
                )
            }
            var reference = firstReference
            while try tx.referenceExists(reference) { reference = Codes.bookingReference() }
            let window = BookingWindow(
                departure: sailing.departure,
                salesOpenDays: route.salesOpenDays,
                cutoffMinutes: policy.cutoffMinutes(for: request.channel)
            )
            // Whole seconds, as the API shows them: the hold is exactly `holdMinutes` from the
            // `createdAt` a client sees, and `expiresAt` is the instant it ends.
            let created = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
            let booking = Booking(
                reference: reference,
                sailingId: sailing.id,
                status: .held,
                channel: request.channel,
                createdAt: created,
                expiresAt: window.holdExpiry(created: created, holdMinutes: policy.holdMinutes),
                totalFen: plan.totalFen,
                phone: request.phone,
                passengers: plan.passengers.enumerated().map { BookedPassenger(index: $0.offset, planned: $0.element) },
                vehicles: vehicles,
                payments: []
            )
            try tx.insert(booking: booking, tokenHash: tokenHash)
            try answer?.save((booking, token), at: now, in: tx)
            return booking
        }
        self.logger.debug("held booking", metadata: ["reference": "\(booking.reference)", "sailing": "\(booking.sailingId)"])
        return (booking, token)
    }

    /// The sailing a booking is for or is paid on, refused when unknown or cancelled.
    static func sellableSailing(_ id: String, _ tx: Store.Transaction) throws -> Sailing {
        guard let sailing = try tx.sailing(id: id) else { throw FerryError(.notFound, "No sailing \(id).") }
        guard sailing.status != .cancelled else { throw FerryError(.sailingCancelled, "Sailing \(sailing.id) is cancelled.") }
        return sailing
    }

    /// Validates and prices a booking request for `sailing`. The green permits of its
    /// vehicles and the residence of their drivers are read through `tx`; without one (a
    /// request with no vehicle) there is nothing to read.
    static func plan(
        _ request: BookingRequest,
        sailing: Sailing,
        network: NetworkSnapshot,
        now: Date,
        policy: Policy,
        _ tx: Store.Transaction?
    ) throws -> BookingPlan {
        var permits: [String: Set<String>] = [:]
        var registered: Set<String> = []
        if let tx, !request.vehicles.isEmpty {
            let travelDate = LocalTime.date(of: sailing.departure)
            permits = try tx.greenPermitNumbers(plates: request.vehicles.map { Plate.normalise($0.plate) }, on: travelDate)
            // Only a resident vehicle's driver is asked whether they are a resident.
            let drivers = request.vehicles.compactMap { v in request.passengers.indices.contains(v.driver) ? request.passengers[v.driver] : nil }
            registered = try tx.registeredResidents(drivers.map { IdentityDocument.key(type: $0.idType, number: $0.idNumber) })
        }
        return try BookingPlan(
            request: request,
            route: try network.route(sailing.routeId),
            vessel: try network.vessel(sailing.vesselId),
            departure: sailing.departure,
            now: now,
            policy: policy,
            isResident: { ResidentRule.hasShengsiPrefix($0) || (!registered.isEmpty && registered.contains($0.key)) },
            greenPermits: { permits[$0, default: []] }
        )
    }

    /// The booking as it stands now.
    public func booking(reference: String) async throws -> Booking {
        guard let booking = try await self.store.read({ tx in try tx.booking(reference: reference) }) else {
            throw FerryError(.notFound, "No booking \(reference).")
        }
        var current = booking
        current.status = booking.status(at: self.clock.now())
        return current
    }

    /// The hash of the token issued with booking `reference`; nil when there is no such
    /// booking. One read answers both whether a booking exists and whose token it takes.
    public func tokenHash(reference: String) async throws -> String? {
        try await self.store.read { tx in try tx.tokenHash(reference: reference) }
    }

    /// Whether `token` is the one whose hash is `stored`, compared in constant time.
    public static func token(_ token: String, matches stored: String) -> Bool {
        ConstantTime.equals(SHA256.hex(token), stored)
    }

    /// Whether `token` is the one issued with booking `reference`.
    public func tokenMatches(reference: String, token: String) async throws -> Bool {
        guard let stored = try await self.tokenHash(reference: reference) else { return false }
        return Self.token(token, matches: stored)
    }

    /// Confirms a held booking by payment and issues one ticket per passenger.
    ///
    /// A traveller pays `online` (in demo mode the `paymentReference` stands in for the
    /// provider's signed callback); counters also take cash, WeChat, Alipay and UnionPay.
    public func pay(
        reference: String,
        method: PaymentMethod,
        paymentReference: String?,
        channel: SalesChannel,
        answer: IdempotentAnswer<Booking>? = nil
    ) async throws -> Booking {
        try Self.requireCallbackFree(method, policy: self.policy)
        let providerReference = try Self.checkPayment(method: method, reference: paymentReference, channel: channel)
        let now = self.clock.now()
        return try await self.store.write { tx in
            guard let booking = try tx.booking(reference: reference) else { throw FerryError(.notFound, "No booking \(reference).") }
            let paid = try self.confirm(
                booking,
                with: Payment(method: method, amountFen: booking.totalFen, reference: providerReference, paidAt: now),
                tx
            )
            try answer?.save(paid, at: now, in: tx)
            return paid
        }
    }

    /// The payment provider's signed callback (verified by the server) confirming an online
    /// payment. Providers repeat a callback until it is acknowledged, so the same payment
    /// again is answered with the booking as it stands; the amount must be the booking's total.
    public func confirmOnlinePayment(reference: String, paymentReference: String, amountFen: Int) async throws -> Booking {
        let providerReference = try Self.checkPayment(method: .online, reference: paymentReference, channel: .online)
        let now = self.clock.now()
        return try await self.store.write { tx in
            guard let booking = try tx.booking(reference: reference) else { throw FerryError(.notFound, "No booking \(reference).") }
            if booking.payments.contains(where: { $0.method == .online && $0.reference == providerReference }) { return booking }
            guard amountFen == booking.totalFen else {
                throw FerryError(.validationFailed, "amountFen \(amountFen) is not the total of booking \(reference), \(booking.totalFen) fen.")
            }
            return try self.confirm(booking, with: Payment(method: .online, amountFen: amountFen, reference: providerReference, paidAt: now), tx)
        }
    }

    /// Confirms a held booking with its payment and issues its tickets, in `tx`.
    func confirm(_ booking: Booking, with payment: Payment, _ tx: Store.Transaction) throws -> Booking {
        let reference = booking.reference
        let status = booking.status(at: payment.paidAt)
        switch status {
        case .confirmed: throw FerryError(.alreadyPaid, "Booking \(reference) is already paid.")
        case .refunded: throw FerryError(.bookingNotPayable, "Booking \(reference) was refunded.")
        case .held, .expired: break
        }
        // A cancelled sailing ended the hold: say so, rather than that its time ran out.
        let sailing = try Self.sellableSailing(booking.sailingId, tx)
        guard status == .held else {
            throw FerryError(.holdExpired, "The hold on booking \(reference) expired at \(LocalTime.format(booking.expiresAt)); book again.")
        }
        let tickets = try self.issueTickets(for: booking, sailing: sailing, at: payment.paidAt)
        try tx.confirm(reference: reference, payment: payment, tickets: tickets)
        // The answer is read here, not from a reader: under a stream of sales every read
        // transaction on a reader connection starts with an empty page cache, and costs
        // more than this read on the writer's warm one.
        guard let paid = try tx.booking(reference: reference) else { throw FerryError(.notFound, "No booking \(reference).") }
        return paid
    }

    /// Refuses a payment the channel cannot take; returns the trimmed provider reference.
    ///
    /// Travellers pay `online` only, with the provider's reference (in demo mode it stands in
    /// for the provider's signed callback); counters also take cash and card payments.
    static func checkPayment(method: PaymentMethod, reference: String?, channel: SalesChannel) throws(FerryError) -> String? {
        if method.needsCounter && channel != .counter {
            throw FerryError(.forbidden, "Only a ticket counter can take \(method.rawValue); pay online instead.")
        }
        let trimmed = reference?.trimmingCharacters(in: .whitespaces)
        if method == .online, !(1...64).contains(trimmed?.count ?? 0) {
            throw FerryError(.validationFailed, "An online payment needs the provider's paymentReference (1 to 64 characters).")
        }
        return trimmed
    }

    /// With a payment provider, only its signed callback confirms an online payment: a
    /// `pay` or rebooking that would take one itself is refused, saying where to pay instead
    /// (the provider's callback settles held bookings only, so a rebooking pays at a counter).
    static func requireCallbackFree(_ method: PaymentMethod, policy: Policy, rebooking: Bool = false) throws(FerryError) {
        guard method == .online, policy.onlinePaymentsByProviderCallback else { return }
        throw FerryError(
            .invalidPaymentMethod,
            rebooking
                ? "Online payments are confirmed by the payment provider, which takes a booking's first payment only: pay this rebooking at a counter."
                : "Online payments are confirmed by the payment provider: pay in its app with the booking reference, or pay at a counter."
        )
    }

    /// One signed ticket per passenger; a free child's names its guardian's ticket.
    func issueTickets(for booking: Booking, sailing: Sailing, at now: Date) throws -> [Int: Ticket] {
        var ids: [Int: String] = [:]
        for p in booking.passengers { ids[p.index] = "TK" + Codes.bookingReference() + Codes.bookingReference() }
        var tickets: [Int: Ticket] = [:]
        for p in booking.passengers {
            guard let id = ids[p.index] else { continue }
            let guardianTicketId = p.fareType == .freeChild ? p.guardian.flatMap { ids[$0] } : nil
            let payload = TicketPayload(
                keyId: self.signer.keyId,
                ticketId: id,
                sailingId: sailing.id,
                departure: sailing.departure,
                fareType: p.fareType,
                fareBasis: p.fareBasis,
                seatClass: p.seatClass,
                maskedName: TicketPayload.mask(name: p.name),
                guardianTicketId: guardianTicketId,
                issuedAt: now
            )
            tickets[p.index] = Ticket(
                id: id,
                code: try self.signer.code(for: payload),
                status: .valid,
                issuedAt: now,
                guardianTicketId: guardianTicketId
            )
        }
        return tickets
    }
}
