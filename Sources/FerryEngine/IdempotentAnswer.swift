import FerryStore
import Foundation

/// The answer to a command sent with an `Idempotency-Key`, stored by the command's own write.
///
/// Stored in a write of its own after the command, an answer could be lost while the command
/// stood: a crash between the two, or a failed save, and the retry would run the command
/// again and be refused (`duplicate_passenger`, `already_paid`), the first answer, and with
/// it a new booking's only copy of its token, gone. Saved in the same transaction, the
/// command and its answer are kept or lost together.
public struct IdempotentAnswer<Result>: Sendable {
    public let key: String
    public let fingerprint: String
    /// The status and body the caller will be sent for `Result`: rendered here by the caller's
    /// own code, so the engine stores exactly what is answered and knows nothing of HTTP.
    public let render: @Sendable (Result) throws -> (status: Int, body: [UInt8])

    public init(key: String, fingerprint: String, render: @escaping @Sendable (Result) throws -> (status: Int, body: [UInt8])) {
        self.key = key
        self.fingerprint = fingerprint
        self.render = render
    }

    func save(_ result: Result, at now: Date, in tx: some StoreTransaction) throws {
        let (status, body) = try self.render(result)
        try tx.save(idempotentResponse: StoredResponse(fingerprint: self.fingerprint, status: status, body: body, createdAt: now), key: self.key)
    }
}
