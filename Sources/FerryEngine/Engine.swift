import FerryCrypto
import FerryDomain
import FerryStore
import Foundation
import Logging
import Synchronization

/// The commands of the ticket office. Each command that changes anything is one write
/// transaction of the store: the rules are checked against what that transaction reads,
/// so no two commands can sell the same seat.
public final class Engine<Store: FerryStore>: Sendable {
    public let store: Store
    public let signer: TicketSigner
    public let clock: any FerryClock
    public let policy: Policy
    /// Where committed notices are pushed to live subscribers.
    public let hub = NoticeHub()
    let logger: Logger
    private let networkCache = Mutex<NetworkSnapshot?>(nil)
    /// Sailings as the last booking's write read them: a booking is validated against this
    /// copy before it queues for the writer, which reads the sailing again and plans anew if
    /// it changed. A stale copy therefore costs time, never a wrong sale.
    private let sailingCache = Mutex<[String: Sailing]>([:])

    public init(
        store: Store,
        signer: TicketSigner,
        clock: any FerryClock = SystemClock(),
        policy: Policy = Policy(),
        logger: Logger = Logger(label: "ferry.engine")
    ) {
        self.store = store
        self.signer = signer
        self.clock = clock
        self.policy = policy
        self.logger = logger
    }

    /// The network, loaded once from the store.
    public func network() async throws -> NetworkSnapshot {
        if let cached = self.networkCache.withLock({ $0 }) { return cached }
        let snapshot = try await self.store.read { tx in
            NetworkSnapshot(ports: try tx.ports(), vessels: try tx.vessels(), routes: try tx.routes())
        }
        self.networkCache.withLock { $0 = snapshot }
        return snapshot
    }

    // MARK: Start-up and upkeep

    /// Seeds the demo network into an empty store, materialises sailings and registers the
    /// bootstrap admin key. Safe to run on every start.
    public func bootstrap(adminKey: String?) async throws {
        let today = LocalTime.date(of: self.clock.now())
        let seeded = try await self.store.write { tx in
            guard try !tx.isSeeded() else { return false }
            try tx.insert(network: DemoNetwork(validFrom: today))
            return true
        }
        if seeded { self.logger.info("seeded the demo Shengsi network") }
        if let restored = try await self.store.write({ tx in try tx.continueNumberingIfRestored(skipping: Self.noticeGapAfterRestore) }) {
            self.logger.notice(
                "serving a database restored from a backup: notice numbers continue past any a client can have seen",
                metadata: ["backupTakenAt": "\(LocalTime.format(restored.backupTakenAt))", "nextSeq": "\(restored.firstSeq)"]
            )
        }
        self.hub.start(after: try await self.store.read { tx in try tx.lastNoticeSeq() })
        self.networkCache.withLock { $0 = nil }
        let added = try await self.materialise()
        self.logger.info("materialised sailings", metadata: ["added": "\(added)"])
        if let adminKey, !adminKey.isEmpty { try await self.registerBootstrapKey(adminKey) }
    }

    /// How far notice numbers jump when a restored backup is first served: more notices than
    /// the network publishes in decades, so none published after the backup, and seen by a
    /// client, is ever taken for a new one.
    public static var noticeGapAfterRestore: Int { 1_000_000 }

    /// The label of keys that came from `FERRY_ADMIN_KEY`; no admin may give it to another.
    public static var bootstrapKeyLabel: String { "FERRY_ADMIN_KEY" }

    /// Registers the `FERRY_ADMIN_KEY` admin key. A different one than before is a rotation
    /// (the old may have leaked): the keys an earlier `FERRY_ADMIN_KEY` gave are revoked, and
    /// going back to one of them (an env file rolled back) makes it live again. One an admin
    /// revoked stays revoked, and then revokes nothing, so no restart locks every admin out;
    /// a new `FERRY_ADMIN_KEY` is the way back in.
    private func registerBootstrapKey(_ key: String) async throws {
        let now = self.clock.now()
        let record = StaffKey(
            id: "key_" + Codes.randomToken(bytes: 6),
            hash: SHA256.hex(key),
            role: .admin,
            label: Self.bootstrapKeyLabel,
            createdAt: now
        )
        let (replaced, stored) = try await self.store.write { tx -> ([String], StaffKey?) in
            try tx.insert(staffKey: record)
            guard var stored = try tx.staffKey(hash: record.hash) else { return ([], nil) }
            if stored.revokedBy == StaffKey.rotation {
                try tx.reinstateStaffKey(id: stored.id)
                stored.revokedAt = nil
            }
            guard stored.revokedAt == nil else { return ([], stored) }
            return (try tx.revokeStaffKeys(labelled: Self.bootstrapKeyLabel, except: record.hash, at: now, by: StaffKey.rotation), stored)
        }
        if !replaced.isEmpty {
            self.logger.notice("FERRY_ADMIN_KEY changed: the keys the earlier one gave are revoked", metadata: ["revoked": "\(replaced)"])
        }
        if let revokedAt = stored?.revokedAt {
            self.logger.warning(
                "FERRY_ADMIN_KEY was revoked by an admin and opens nothing; set a new one to get back in",
                metadata: ["revokedAt": "\(LocalTime.format(revokedAt))"]
            )
        }
    }

    /// Creates the sailings every timetable runs from today through the sales horizon.
    /// Existing sailings (cancelled or delayed ones included) are left exactly as they are.
    @discardableResult
    public func materialise() async throws -> Int {
        let now = self.clock.now()
        let network = try await self.network()
        let horizon = Materialiser.horizon(now: now, routes: network.routes)
        return try await self.store.write { tx in
            let today = LocalTime.date(of: now)
            let sailings = Materialiser.sailings(timetables: try tx.timetables(), dates: today...horizon)
            let added = try tx.insertMissing(sailings: sailings)
            return added
        }
    }

    /// Expires every unpaid hold whose time is up, releasing what it held.
    @discardableResult
    public func expireHolds() async throws -> Int {
        let now = self.clock.now()
        return try await self.store.write { tx in try tx.expireHolds(at: now, sailingId: nil).count }
    }

    /// A consistent copy of the database at `path`, made while serving.
    public func backup(to path: String) async throws {
        try await self.store.backup(to: path, at: self.clock.now())
    }

    /// How many sailings are on sale right now for a traveller.
    public func sailingsOnSale() async throws -> Int {
        let now = self.clock.now()
        let network = try await self.network()
        let cutoff = self.policy.onlineCutoffMinutes
        let sailings = try await self.store.read { tx in
            try tx.sailings(routeIds: network.routes.map(\.id), from: now, to: now + 400 * 86_400)
        }
        return sailings.filter { s in
            guard s.status != .cancelled, let route = network.routesById[s.routeId] else { return false }
            return BookingWindow(departure: s.departure, salesOpenDays: route.salesOpenDays, cutoffMinutes: cutoff).contains(now)
        }.count
    }

    // MARK: Search

    /// Sailings between two ports or islands on a local date, with availability now.
    public func search(from: String, to: String, date: LocalDate?) async throws -> [SailingView] {
        let network = try await self.network()
        let fromPorts = network.portCodes(matching: from)
        let toPorts = network.portCodes(matching: to)
        guard !fromPorts.isEmpty else { throw FerryError(.validationFailed, "No port or island with code \(from).") }
        guard !toPorts.isEmpty else { throw FerryError(.validationFailed, "No port or island with code \(to).") }
        let now = self.clock.now()
        let day = date ?? LocalTime.date(of: now)
        // Closures, not key paths: in this generic type a key path is built at run time on
        // every call, which showed in the search's profile.
        let routeIds = network.routes.filter { fromPorts.contains($0.from) && toPorts.contains($0.to) }.map { $0.id }
        let start = LocalTime.instant(day, minuteOfDay: 0)
        let (sailings, occupancies) = try await self.store.read { tx in
            let sailings = try tx.sailings(routeIds: routeIds, from: start, to: start + 86_400)
            return (sailings, try tx.occupancies(sailingIds: sailings.map { $0.id }, at: now))
        }
        return try sailings.map { s in try self.view(s, network: network, occupancy: occupancies[s.id] ?? Occupancy(), now: now) }
    }

    /// One sailing with availability now.
    public func sailing(id: String) async throws -> SailingView {
        let network = try await self.network()
        let now = self.clock.now()
        let (sailing, occupancy) = try await self.store.read { tx in
            (try tx.sailing(id: id), try tx.occupancy(sailingId: id, at: now))
        }
        guard let sailing else { throw FerryError(.notFound, "No sailing \(id).") }
        return try self.view(sailing, network: network, occupancy: occupancy, now: now)
    }

    private func view(_ s: Sailing, network: NetworkSnapshot, occupancy: Occupancy, now: Date) throws -> SailingView {
        SailingView(
            sailing: s,
            route: try network.route(s.routeId),
            vessel: try network.vessel(s.vesselId),
            occupancy: occupancy,
            now: now,
            policy: self.policy
        )
    }

    // MARK: Bookings

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
                throw FerryError(.duplicatePassenger, "\(taken.type.rawValue) \(taken.number) already holds a booking on this sailing.")
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
            let created = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
            let booking = Booking(
                reference: reference,
                sailingId: sailing.id,
                status: .held,
                channel: request.channel,
                createdAt: now,
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
    private static func sellableSailing(_ id: String, _ tx: Store.Transaction) throws -> Sailing {
        guard let sailing = try tx.sailing(id: id) else { throw FerryError(.notFound, "No sailing \(id).") }
        guard sailing.status != .cancelled else { throw FerryError(.sailingCancelled, "Sailing \(sailing.id) is cancelled.") }
        return sailing
    }

    /// Validates and prices a booking request for `sailing`. The green permits of its
    /// vehicles and the residence of their drivers are read through `tx`; without one (a
    /// request with no vehicle) there is nothing to read.
    private static func plan(
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
            permits = try tx.greenPermitNumbers(plates: request.vehicles.map { BookingPlan.normalisePlate($0.plate) }, on: travelDate)
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
    private func confirm(_ booking: Booking, with payment: Payment, _ tx: Store.Transaction) throws -> Booking {
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

    // MARK: Staff keys

    /// Creates a new staff key. The key itself is returned once and stored only as a hash.
    public func createStaffKey(role: StaffRole, label: String) async throws -> (key: String, record: StaffKey) {
        let label = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(label.count) else { throw FerryError(.validationFailed, "A key needs a label of 1 to 100 characters.") }
        guard label != Self.bootstrapKeyLabel else {
            throw FerryError(.validationFailed, "The label \(label) is kept for the key set by the environment; choose another.")
        }
        let key = "fk_" + Codes.randomToken(bytes: 24)
        let record = StaffKey(id: "key_" + Codes.randomToken(bytes: 6), hash: SHA256.hex(key), role: role, label: label, createdAt: self.clock.now())
        try await self.store.write { tx in try tx.insert(staffKey: record) }
        return (key, record)
    }

    /// The live staff key a bearer secret belongs to; nil for an unknown or revoked one.
    public func staffKey(secret: String) async throws -> StaffKey? {
        let hash = SHA256.hex(secret)
        return try await self.store.read { tx in try tx.staffKey(hash: hash) }.flatMap { $0.revokedAt == nil ? $0 : nil }
    }

    /// Every staff key, revoked ones included (never a secret: only hashes are stored).
    public func staffKeys() async throws -> [StaffKey] {
        try await self.store.read { tx in try tx.staffKeys() }
    }

    /// Revokes a staff key at once: its next request is `401`. Revoking it again changes
    /// nothing and answers the key as it stands.
    /// - Parameter by: the id of the admin key revoking it.
    public func revokeStaffKey(id: String, by: String) async throws -> StaffKey {
        let now = self.clock.now()
        guard let key = try await self.store.write({ tx in try tx.revokeStaffKey(id: id, at: now, by: by) }) else {
            throw FerryError(.notFound, "No staff key \(id).")
        }
        return key
    }

    // MARK: Idempotency

    /// How long a stored answer is replayed: retries come within minutes, and a stored answer
    /// to a booking holds its token in the clear, so none is kept longer than it can serve.
    public static var idempotentAnswerLifetime: TimeInterval { 24 * 3600 }

    /// Forgets the answers older than `idempotentAnswerLifetime`; returns how many.
    @discardableResult
    public func forgetOldIdempotentAnswers() async throws -> Int {
        let cutoff = self.clock.now() - Self.idempotentAnswerLifetime
        return try await self.store.write { tx in try tx.deleteIdempotentResponses(before: cutoff) }
    }

    public func storedResponse(key: String) async throws -> StoredResponse? {
        try await self.store.read { tx in try tx.idempotentResponse(key: key) }
    }

    public func save(response: StoredResponse, key: String) async throws {
        try await self.store.write { tx in try tx.save(idempotentResponse: response, key: key) }
    }
}
