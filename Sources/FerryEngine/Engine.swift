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
    let sailingCache = Mutex<[String: Sailing]>([:])

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
            self.logger.notice(
                "FERRY_ADMIN_KEY changed: the earlier one is revoked; keys made with it stay valid (see ferryctl keys list)",
                metadata: ["revoked": "\(replaced)"]
            )
        }
        if let revokedAt = stored?.revokedAt {
            self.logger.warning(
                "FERRY_ADMIN_KEY was revoked by an admin and opens nothing; set a new one to get back in",
                metadata: ["revokedAt": "\(LocalTime.format(revokedAt))"]
            )
        }
    }

    /// Creates the sailings every timetable runs from now through the sales horizon (none that
    /// has already left: `Materialiser.sailings`). Existing sailings (cancelled or delayed ones
    /// included) are left exactly as they are.
    @discardableResult
    public func materialise() async throws -> Int {
        let now = self.clock.now()
        let network = try await self.network()
        let horizon = Materialiser.horizon(now: now, routes: network.routes)
        return try await self.store.write { tx in
            let sailings = Materialiser.sailings(timetables: try tx.timetables(), after: now, through: horizon)
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
