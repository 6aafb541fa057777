import FerryDomain
import Foundation
import GRDB

extension GRDBTransaction {
    public func insert(staffKey k: StaffKey) throws {
        try self.execute(
            sql: """
                INSERT INTO staff_key (id, key_hash, role, label, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (key_hash) DO UPDATE SET role = excluded.role, label = excluded.label
                """,
            arguments: [k.id, k.hash, k.role.rawValue, k.label, k.createdAt.storedMillis]
        )
    }

    public func staffKey(hash: String) throws -> StaffKey? {
        try self.row(sql: "SELECT * FROM staff_key WHERE key_hash = ?", arguments: [hash]).flatMap(Self.staffKey)
    }

    public func staffKeys() throws -> [StaffKey] {
        try Row.fetchAll(self.db, sql: "SELECT * FROM staff_key ORDER BY created_at, rowid").compactMap(Self.staffKey)
    }

    public func revokeStaffKey(id: String, at now: Date, by: String) throws -> StaffKey? {
        try self.execute(
            sql: "UPDATE staff_key SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL",
            arguments: [now.storedMillis, by, id]
        )
        return try self.row(sql: "SELECT * FROM staff_key WHERE id = ?", arguments: [id]).flatMap(Self.staffKey)
    }

    public func reinstateStaffKey(id: String) throws {
        try self.execute(sql: "UPDATE staff_key SET revoked_at = NULL, revoked_by = NULL WHERE id = ?", arguments: [id])
    }

    public func revokeStaffKeys(labelled label: String, except kept: String, at now: Date, by: String) throws -> [String] {
        let ids = try String.fetchAll(
            self.db,
            sql: "SELECT id FROM staff_key WHERE label = ? AND key_hash != ? AND revoked_at IS NULL",
            arguments: [label, kept]
        )
        for id in ids { _ = try self.revokeStaffKey(id: id, at: now, by: by) }
        return ids
    }

    static func staffKey(_ row: Row) -> StaffKey? {
        guard let role = StaffRole(rawValue: row["role"]) else { return nil }
        return StaffKey(
            id: row["id"],
            hash: row["key_hash"],
            role: role,
            label: row["label"],
            createdAt: Date(storedMillis: row["created_at"]),
            revokedAt: (row["revoked_at"] as Int64?).map(Date.init(storedMillis:)),
            revokedBy: row["revoked_by"]
        )
    }
}
