import FerryCrypto
import FerryDomain
import FerryStore
import Foundation

extension Engine {
    /// Creates a new staff key. The key itself is returned once and stored only as a hash.
    public func createStaffKey(role: StaffRole, label: String) async throws -> (key: String, record: StaffKey) {
        let label = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(label.count) else { throw FerryError(.validationFailed, "A key needs a label of 1 to 100 characters.") }
        // The label is logged, and listed to admins: a line break would forge a log line, and
        // a bidirectional override or line separator disguise one.
        guard
            !label.unicodeScalars.contains(where: {
                [.control, .format, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory)
            })
        else { throw FerryError(.validationFailed, "A key's label cannot hold control, formatting or line-separator characters.") }
        guard label != Self.bootstrapKeyLabel else {
            throw FerryError(.validationFailed, "The label \(label) is kept for the key set by the environment; choose another.")
        }
        let key = "fk_" + Codes.randomToken(bytes: 24)
        let record = StaffKey(id: "key_" + Codes.randomToken(bytes: 6), hash: SHA256.hex(key), role: role, label: label, createdAt: self.clock.now())
        try await self.store.write { tx in try tx.insert(staffKey: record) }
        // Who can do what is an operator's first question after an incident: every change is logged.
        self.logger.info("staff key created", metadata: ["key": "\(record.id)", "role": "\(role.rawValue)", "label": "\(label)"])
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
        self.logger.info("staff key revoked", metadata: ["key": "\(id)", "by": "\(by)"])
        return key
    }
}
