import FerryDomain
import Foundation
import GRDB

extension GRDBTransaction {
    public func idempotentResponse(key: String) throws -> StoredResponse? {
        try self.row(sql: "SELECT * FROM idempotent_response WHERE key = ?", arguments: [key]).map { row in
            StoredResponse(
                fingerprint: row["fingerprint"],
                status: row["status"],
                body: [UInt8](row["body"] as Data),
                createdAt: Date(storedMillis: row["created_at"])
            )
        }
    }

    public func save(idempotentResponse r: StoredResponse, key: String) throws {
        try self.execute(
            sql: "INSERT INTO idempotent_response (key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            arguments: [key, r.fingerprint, r.status, Data(r.body), r.createdAt.storedMillis]
        )
    }

    public func deleteIdempotentResponses(before cutoff: Date) throws -> Int {
        // No index on the time: this runs once an hour, and a scan then costs less than an
        // index kept up on every idempotent request.
        try self.execute(sql: "DELETE FROM idempotent_response WHERE created_at < ?", arguments: [cutoff.storedMillis])
        return self.db.changesCount
    }
}
