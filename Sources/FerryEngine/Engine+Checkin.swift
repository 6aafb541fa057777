import FerryCrypto
import FerryDomain
import FerryStore
import Foundation

/// What a gate presents: scanned codes, or an identity document swiped at the gate (人证核验).
public enum CheckinRequest: Sendable {
    /// One or more codes; a free child and its guardian may come together. When the gate
    /// names its sailing, a ticket of another sailing is refused.
    case codes([String], sailingId: String?)
    case identity(type: DocumentType, number: String, sailingId: String)
}

/// What a gate may board offline, and what it must refuse even though the signature is good.
public struct GateList: Sendable {
    public let sailing: Sailing
    public let boardingOpensAt: Date
    public let valid: [TicketHolder]
    public let boarded: [TicketHolder]
    /// Refunded and superseded tickets: validly signed, no longer good.
    public let revoked: [TicketHolder]
}

/// A sailing's passenger manifest: everyone ticketed, boarded or not.
public struct Manifest: Sendable {
    public let sailing: Sailing
    /// Tickets that still carry a passenger (valid or boarded), in booking order.
    public let entries: [TicketHolder]
    public var totals: [FareType: Int] { self.entries.reduce(into: [:]) { $0[$1.passenger.fareType, default: 0] += 1 } }
    public var boardedCount: Int { self.entries.filter { $0.ticket.status == .boarded }.count }
}

extension Engine {
    /// Tickets a gate may yet be shown: valid, for a sailing neither cancelled nor gone. Only
    /// the key they were signed with verifies them (asked before that key is loaded).
    public static func outstandingTickets(in store: Store, at now: Date) async throws -> Int {
        try await store.read { tx in try tx.outstandingTickets(at: now) }
    }

    /// Checks tickets in and boards them, all or none.
    ///
    /// Each ticket is checked in the design's order (signature, ticket status, sailing,
    /// boarding window, guardian); the first refusal is answered and nothing boards. The
    /// board itself is a conditional update in the same write, so of two gates scanning
    /// one code at the same instant exactly one boards and the other hears `already_boarded`.
    /// - Parameter gate: who is boarding: the staff key id, recorded on the ticket.
    public func checkIn(_ request: CheckinRequest, gate: String, answer: IdempotentAnswer<[TicketHolder]>? = nil) async throws -> [TicketHolder] {
        let now = self.clock.now()
        let policy = self.policy
        let lookup: (ticketIds: [String], sailingId: String?, identityKey: String?)
        switch request {
        case .codes(let codes, let sailingId):
            guard !codes.isEmpty, codes.count <= 20 else {
                throw FerryError(.validationFailed, "Send 1 to 20 ticket codes at a time.")
            }
            var ids: [String] = []
            for code in codes {
                guard let verified = self.signer.verify(code) else {
                    throw FerryError(.invalidTicket, "This code is not a ticket issued here: it is damaged, forged or signed by another key.")
                }
                guard !ids.contains(verified.payload.ticketId) else {
                    throw FerryError(.validationFailed, "Ticket \(verified.payload.ticketId) is listed twice.")
                }
                ids.append(verified.payload.ticketId)
            }
            lookup = (ids, sailingId, nil)
        case .identity(let type, let number, let sailingId):
            let key = IdentityDocument.key(type: type, number: number)
            lookup = ([], sailingId, key)
        }
        return try await self.store.write { tx in
            var holders: [TicketHolder] = []
            if let identityKey = lookup.identityKey, let sailingId = lookup.sailingId {
                guard let holder = try tx.ticketHolder(sailingId: sailingId, identityKey: identityKey) else {
                    throw FerryError(.notFound, "No ticket on sailing \(sailingId) for this document.")
                }
                holders = [holder]
            } else {
                for id in lookup.ticketIds {
                    guard let holder = try tx.ticketHolder(ticketId: id) else {
                        throw FerryError(.invalidTicket, "Ticket \(id) was not issued by this server.")
                    }
                    holders.append(holder)
                }
            }
            let inRequest = Set(holders.map(\.ticket.id))
            var sailings: [String: Sailing] = [:]
            for holder in holders {
                try Self.checkStatus(holder.ticket)
                if let gateSailing = lookup.sailingId, gateSailing != holder.sailingId {
                    throw FerryError(.wrongSailing, "Ticket \(holder.ticket.id) is for sailing \(holder.sailingId), not \(gateSailing).")
                }
                guard let sailing = try sailings[holder.sailingId] ?? tx.sailing(id: holder.sailingId) else {
                    throw FerryError(.notFound, "No sailing \(holder.sailingId).")
                }
                sailings[sailing.id] = sailing
                guard sailing.status != .cancelled else {
                    throw FerryError(.sailingCancelled, "Sailing \(sailing.id) is cancelled: nobody boards.")
                }
                let opens = sailing.departure - TimeInterval(policy.boardingOpenMinutes) * 60
                guard opens <= now, now < sailing.departure else {
                    let when = now < opens ? "opens at \(LocalTime.format(opens))" : "closed at departure, \(LocalTime.format(sailing.departure))"
                    throw FerryError(.boardingNotOpen, "Boarding for \(sailing.id) \(when).")
                }
                if let guardianId = holder.ticket.guardianTicketId, !inRequest.contains(guardianId) {
                    let guardian = try tx.ticketHolder(ticketId: guardianId)
                    guard guardian?.ticket.status == .boarded else {
                        throw FerryError(
                            .guardianNotBoarded,
                            "This free child boards with its guardian: scan the guardian's ticket \(guardianId) first, or both together."
                        )
                    }
                }
            }
            var boarded: [TicketHolder] = []
            for holder in holders {
                let boardedNow = try tx.board(ticketId: holder.ticket.id, at: now, by: gate)
                guard let after = try tx.ticketHolder(ticketId: holder.ticket.id) else {
                    throw FerryError(.invalidTicket, "Ticket \(holder.ticket.id) was not issued by this server.")
                }
                // Lost the race to another gate: refuse as that gate's scan left it.
                if !boardedNow { try Self.checkStatus(after.ticket) }
                boarded.append(after)
            }
            try answer?.save(boarded, at: now, in: tx)
            return boarded
        }
    }

    /// Refuses a ticket that is not valid: refunded or superseded, or already boarded (with when).
    static func checkStatus(_ ticket: Ticket) throws(FerryError) {
        switch ticket.status {
        case .valid: return
        case .boarded:
            let when = ticket.boardedAt.map(LocalTime.format) ?? "earlier"
            throw FerryError(.alreadyBoarded, "Ticket \(ticket.id) already boarded at \(when).", details: ["boardedAt": when])
        case .refunded, .superseded:
            throw FerryError(.ticketNotValid, "Ticket \(ticket.id) was \(ticket.status.rawValue): it no longer carries anyone.")
        }
    }

    /// At most this many scans per upload: with codes of about 400 characters, a bigger batch
    /// would pass the 64 KiB body limit anyway.
    public static var maxOfflineScans: Int { 100 }

    /// Applies what an offline gate boarded while its link was down.
    ///
    /// Each scan is applied once per gate: uploading the same scan again returns what was
    /// decided the first time. A ticket boarded elsewhere first, or revoked meanwhile, is not
    /// applied but reported as a conflict for staff to look into, never hidden.
    public func applyOfflineScans(
        gateId: String,
        scans: [(code: String, scannedAt: Date)],
        answer: IdempotentAnswer<[OfflineScan]>? = nil
    ) async throws -> [OfflineScan] {
        let gate = gateId.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(gate.count) else { throw FerryError(.validationFailed, "gateId must be 1 to 64 characters.") }
        guard (1...Self.maxOfflineScans).contains(scans.count) else {
            throw FerryError(.validationFailed, "Upload 1 to \(Self.maxOfflineScans) scans at a time.")
        }
        let now = self.clock.now()
        let verified = scans.map { (self.signer.verify($0.code), $0.code, $0.scannedAt) }
        return try await self.store.write { tx in
            var results: [OfflineScan] = []
            for (code, raw, scannedAt) in verified {
                // An unreadable code is keyed by its hash, so two damaged codes never share a record.
                let ticketId = code?.payload.ticketId ?? "invalid:" + String(SHA256.hex(raw).prefix(24))
                if let earlier = try tx.offlineScan(gateId: gate, ticketId: ticketId) {
                    results.append(earlier)
                    continue
                }
                let outcome: OfflineScan.Outcome
                let detail: String
                if code == nil {
                    (outcome, detail) = (.invalid, "Not a ticket issued here: damaged, forged or signed by another key.")
                } else if scannedAt > now + 300 {
                    // Not recorded: once the gate's clock is fixed, the same scan can be uploaded again.
                    results.append(
                        OfflineScan(
                            gateId: gate,
                            ticketId: ticketId,
                            scannedAt: scannedAt,
                            outcome: .invalid,
                            detail: "Scanned at \(LocalTime.format(scannedAt)), in the future: check the gate's clock and upload again.",
                            uploadedAt: now
                        )
                    )
                    continue
                } else if let holder = try tx.ticketHolder(ticketId: ticketId) {
                    switch holder.ticket.status {
                    case .valid:
                        _ = try tx.board(ticketId: ticketId, at: scannedAt, by: gate)
                        (outcome, detail) = (.boarded, "Boarded at \(LocalTime.format(scannedAt)).")
                    case .boarded:
                        let at = holder.ticket.boardedAt.map(LocalTime.format) ?? "?"
                        (outcome, detail) = (.conflict, "Already boarded at \(at) by \(holder.ticket.boardedBy ?? "another gate").")
                    case .refunded, .superseded:
                        (outcome, detail) = (.conflict, "The ticket was \(holder.ticket.status.rawValue) before this scan was uploaded.")
                    }
                } else {
                    (outcome, detail) = (.invalid, "Ticket \(ticketId) was not issued by this server.")
                }
                let scan = OfflineScan(gateId: gate, ticketId: ticketId, scannedAt: scannedAt, outcome: outcome, detail: detail, uploadedAt: now)
                try tx.insert(offlineScan: scan)
                results.append(scan)
            }
            try answer?.save(results, at: now, in: tx)
            return results
        }
    }

    /// The lists an offline gate needs for one sailing.
    public func gateList(sailingId: String) async throws -> GateList {
        let policy = self.policy
        let (sailing, holders) = try await self.store.read { tx in
            (try tx.sailing(id: sailingId), try tx.ticketHolders(sailingId: sailingId))
        }
        guard let sailing else { throw FerryError(.notFound, "No sailing \(sailingId).") }
        return GateList(
            sailing: sailing,
            boardingOpensAt: sailing.departure - TimeInterval(policy.boardingOpenMinutes) * 60,
            valid: holders.filter { $0.ticket.status == .valid },
            boarded: holders.filter { $0.ticket.status == .boarded },
            revoked: holders.filter { $0.ticket.status == .refunded || $0.ticket.status == .superseded }
        )
    }

    /// The real-name manifest of a sailing, free children included.
    public func manifest(sailingId: String) async throws -> Manifest {
        let (sailing, holders) = try await self.store.read { tx in
            (try tx.sailing(id: sailingId), try tx.ticketHolders(sailingId: sailingId))
        }
        guard let sailing else { throw FerryError(.notFound, "No sailing \(sailingId).") }
        return Manifest(sailing: sailing, entries: holders.filter { $0.ticket.status == .valid || $0.ticket.status == .boarded })
    }
}
