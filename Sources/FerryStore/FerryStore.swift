import FerryDomain
import Foundation

/// The storage the engine runs on: transactions over a narrow set of queries.
///
/// Each engine command is one `write`: what it reads there is current and what it writes
/// commits together or not at all. Writes are serialised, so a check made inside a write
/// holds until that write commits. GRDB over SQLite is one implementation; another database
/// can be another, without the engine changing.
public protocol FerryStore: Sendable {
    associatedtype Transaction: StoreTransaction

    /// Runs `body` in one serialised write transaction; any thrown error rolls it all back.
    func write<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T

    /// Runs `body` against a consistent snapshot; it must not write.
    func read<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T) async throws -> T

    /// Writes a consistent copy of the whole store to a new file at `path`, while serving,
    /// marked as a copy taken `at`.
    func backup(to path: String, at: Date) async throws
}

/// The queries an engine command may run inside a transaction.
public protocol StoreTransaction {
    // MARK: Network
    func isSeeded() throws -> Bool
    func insert(network: DemoNetwork) throws
    func ports() throws -> [FerryPort]
    func vessels() throws -> [Vessel]
    func routes() throws -> [Route]
    func timetables() throws -> [Timetable]

    // MARK: Sailings
    func sailing(id: String) throws -> Sailing?
    /// Sailings of `routeIds` whose scheduled departure falls in `[from, to)`, in departure order.
    func sailings(routeIds: [String], from: Date, to: Date) throws -> [Sailing]
    /// Inserts sailings whose id is not yet taken; returns how many were new.
    func insertMissing(sailings: [Sailing]) throws -> Int
    func upsert(timetable: Timetable) throws
    /// The sailings a timetable materialised, from `departingFrom` on.
    func sailings(timetableId: String, departingFrom: Date) throws -> [Sailing]
    /// Whether anything (a booking of any status, a passenger, vehicle or ticket moved away
    /// from it, a notice) names the sailing: such a sailing is never dropped.
    func hasBookings(sailingId: String) throws -> Bool
    func deleteSailing(id: String) throws
    func setVessel(sailingId: String, vesselId: String) throws

    // MARK: Occupancy
    /// Seats, heads and deck units held by confirmed bookings and holds live at `now`.
    func occupancy(sailingId: String, at now: Date) throws -> Occupancy
    func occupancies(sailingIds: [String], at now: Date) throws -> [String: Occupancy]

    // MARK: Bookings
    func insert(booking: Booking, tokenHash: String) throws
    func booking(reference: String) throws -> Booking?
    func tokenHash(reference: String) throws -> String?
    func referenceExists(_ reference: String) throws -> Bool
    /// Documents among `documents` (numbers as validated) already in a live booking of the sailing.
    func takenIdentities(
        sailingId: String,
        documents: [(type: DocumentType, number: String)],
        at now: Date
    ) throws -> [(
        type: DocumentType, number: String
    )]
    /// Plates among `plates` already in a live booking of the sailing.
    func takenPlates(sailingId: String, plates: [String], at now: Date) throws -> [String]
    /// Confirms a held booking: records the payment, issues the tickets, ends the hold.
    func confirm(reference: String, payment: Payment, tickets: [Int: Ticket]) throws
    func insert(payment: Payment, reference: String) throws
    func insert(tickets: [Int: Ticket], reference: String) throws
    /// Refunds those passengers and vehicles: frees their places, marks their tickets
    /// refunded, records the ledger entries (one per way the money goes back); the booking
    /// becomes `refunded` when nobody is left travelling.
    func refund(reference: String, passengers: [Int], vehicles: [Int], entries: [Refund], at now: Date) throws
    func insert(refund: Refund, reference: String) throws
    /// Records that a counter handed over a `cash_due` refund.
    func payOut(refundId: String, at: Date, by: String) throws
    /// Moves the whole booking to another sailing in place: new fares, classes and pools,
    /// the old tickets superseded and `tickets` issued.
    func move(reference: String, to sailingId: String, passengers: [BookedPassenger], vehicles: [BookedVehicle], tickets: [Int: Ticket]) throws
    /// Marks passengers and vehicles as moved into `newReference`, supersedes their tickets
    /// and records the fares that went with them, one transfer per way they were paid.
    func markMoved(reference: String, passengers: [Int], vehicles: [Int], to newReference: String, transfers: [FundShare], at now: Date) throws
    /// Marks every hold whose expiry is at or before `now` expired, freeing its seats and
    /// identities; limited to one sailing when given. Returns the references expired.
    func expireHolds(at now: Date, sailingId: String?) throws -> [String]

    // MARK: Tickets
    func ticketHolder(ticketId: String) throws -> TicketHolder?
    /// How many tickets are still valid for a sailing neither cancelled nor gone: codes a gate
    /// may yet be shown, which only the key they were signed with verifies.
    func outstandingTickets(at now: Date) throws -> Int
    /// The latest ticket of the passenger with identity `identityKey` (`IdentityDocument.key`) on a
    /// sailing, whatever its status, so a refunded traveller hears why.
    func ticketHolder(sailingId: String, identityKey: String) throws -> TicketHolder?
    /// Every ticket issued for a sailing, whatever its status, in booking and passenger order.
    func ticketHolders(sailingId: String) throws -> [TicketHolder]
    /// Boards a valid ticket; false when it was no longer valid (another gate was first).
    func board(ticketId: String, at: Date, by: String) throws -> Bool
    func offlineScan(gateId: String, ticketId: String) throws -> OfflineScan?
    func insert(offlineScan: OfflineScan) throws

    // MARK: Eligibility
    func insert(greenPermit: GreenPermit) throws
    /// Permits, revoked ones included; only `plate`'s when given.
    func greenPermits(plate: String?) throws -> [GreenPermit]
    func greenPermit(id: String) throws -> GreenPermit?
    func revokeGreenPermit(id: String, at: Date) throws
    /// The normalised numbers of the unrevoked permits covering `date`, by plate, for the
    /// plates among `plates` that have any.
    func greenPermitNumbers(plates: [String], on date: LocalDate) throws -> [String: Set<String>]
    /// Enters a resident, or updates the entry of the same document; returns what is stored.
    func upsert(resident: ResidentEntry) throws -> ResidentEntry
    func residents() throws -> [ResidentEntry]
    func removeResident(id: String) throws -> Bool
    /// The identity keys (`IdentityDocument.key`) among `identityKeys` in the resident register.
    func registeredResidents(_ identityKeys: [String]) throws -> Set<String>
    /// The vehicles of live bookings on a sailing, with whether each booking is paid.
    func deckVehicles(sailingId: String, at now: Date) throws -> [(vehicle: BookedVehicle, bookingReference: String, confirmed: Bool)]

    // MARK: Schedule changes and notices
    func update(sailing: Sailing) throws
    /// Adds an extra sailing; a sailing at that route and minute already is `sailing_exists`.
    func insert(sailing: Sailing) throws
    /// Bookings that hold places on the sailing now: confirmed ones and live holds.
    func liveBookings(sailingId: String, at now: Date) throws -> [String]
    /// Ends every unpaid hold on a sailing at `now` (a cancelled sailing sells nothing), so
    /// the booking says when it ended.
    func releaseHolds(sailingId: String, at now: Date) throws
    /// In a database restored from a backup copy that no server has opened yet, makes the
    /// next notice number `gap` past the last one and returns when the copy was taken and
    /// that number; nil otherwise. Clients may have seen notices published after the backup
    /// under the numbers that follow it: new ones must not reuse them.
    func continueNumberingIfRestored(skipping gap: Int) throws -> (backupTakenAt: Date, firstSeq: Int)?
    /// The unpaid holds on a sailing still running at `now`.
    func liveHolds(sailingId: String, at now: Date) throws -> [LiveHold]
    /// Ends a held booking's hold at `expiresAt`, and with it the seats, heads and deck units
    /// it holds.
    func setHoldExpiry(reference: String, to expiresAt: Date) throws
    /// Writes a notice with the next sequence number and returns it numbered.
    func insert(notice: Notice) throws -> Notice
    func notices(after seq: Int, limit: Int) throws -> [Notice]
    func notices(booking reference: String) throws -> [Notice]
    func lastNoticeSeq() throws -> Int
    /// Runs `action` once this transaction has committed (not at all if it rolls back), in
    /// commit order: how notices are published after commit and in sequence.
    func afterCommit(_ action: @escaping @Sendable () -> Void)

    // MARK: Staff keys
    func insert(staffKey: StaffKey) throws
    /// The key with this hash, revoked or not.
    func staffKey(hash: String) throws -> StaffKey?
    /// Every key, revoked ones included, oldest first.
    func staffKeys() throws -> [StaffKey]
    /// Revokes the key `id` at `now`, by `by`, unless it already was; nil when there is no such key.
    func revokeStaffKey(id: String, at now: Date, by: String) throws -> StaffKey?
    /// Revokes every live key labelled `label` but the one with hash `kept`, by `by`; returns their ids.
    func revokeStaffKeys(labelled label: String, except kept: String, at now: Date, by: String) throws -> [String]
    /// Makes a revoked key live again.
    func reinstateStaffKey(id: String) throws

    // MARK: Idempotency
    func idempotentResponse(key: String) throws -> StoredResponse?
    func save(idempotentResponse: StoredResponse, key: String) throws
    /// Forgets the answers stored before `cutoff`; returns how many.
    func deleteIdempotentResponses(before cutoff: Date) throws -> Int
}

/// A staff key as stored: never the key itself, only its hash.
public struct StaffKey: Sendable, Equatable {
    public let id: String
    public let hash: String
    public let role: StaffRole
    public let label: String
    public let createdAt: Date
    /// When an admin revoked it (or a new `FERRY_ADMIN_KEY` replaced it); it opens nothing since.
    public var revokedAt: Date?
    /// The admin key that revoked it, or `StaffKey.rotation`.
    public var revokedBy: String?

    /// Who revoked the keys an earlier `FERRY_ADMIN_KEY` gave, when a new one replaced it.
    public static let rotation = "FERRY_ADMIN_KEY rotation"

    public init(id: String, hash: String, role: StaffRole, label: String, createdAt: Date, revokedAt: Date? = nil, revokedBy: String? = nil) {
        self.id = id
        self.hash = hash
        self.role = role
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.revokedBy = revokedBy
    }
}

/// The first answer given to a request carrying an `Idempotency-Key`, kept to be replayed.
public struct StoredResponse: Sendable, Equatable {
    public let fingerprint: String
    public let status: Int
    public let body: [UInt8]
    public let createdAt: Date

    public init(fingerprint: String, status: Int, body: [UInt8], createdAt: Date) {
        self.fingerprint = fingerprint
        self.status = status
        self.body = body
        self.createdAt = createdAt
    }
}

/// An unpaid hold still running: when it was made, through which channel, and when it ends.
public struct LiveHold: Sendable, Equatable {
    public let reference: String
    public let channel: SalesChannel
    public let createdAt: Date
    public let expiresAt: Date
}
