import FerryCrypto
import FerryDomain
import FerryEngine
import FerryStore
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// `Idempotency-Key` for POSTs that create or change a booking.
///
/// The first answer (success or refusal) is stored durably and replayed to a retry with the
/// same key and body; the same key with another body is `422`; a retry while the first is
/// still running is `409`. A success is stored by the command's own transaction (see
/// `IdempotentAnswer`), so no crash can keep the command and lose its answer; a refusal
/// changed nothing and is stored after it. Keys are scoped by method, path and credentials,
/// so two callers cannot read each other's answers by guessing a key. Server errors are not
/// stored, so a retry after one runs again.
final class IdempotencyGate: Sendable {
    static let header = HTTPField.Name("Idempotency-Key")!
    private let running = Mutex<Set<String>>([])

    /// Runs `operation` once per key; its answer is a booking response (`Cache-Control: no-store`).
    ///
    /// `operation` is given an `Answering` when the request has a key, for its command to
    /// store the answer with (`Answering.answer`). `ids` are the path's identifiers, which
    /// the route reads in any case (a booking reference, a refund id).
    func run<S>(
        _ request: Request,
        ids: [String] = [],
        body: ByteBuffer,
        engine: Engine<S>,
        _ operation: (Answering?) async throws -> (HTTPResponse.Status, Data)
    ) async throws -> Response {
        guard let key = request.headers[Self.header] else {
            let (status, data) = try await operation(nil)
            return Self.response(status: status.code, body: data, replayed: false)
        }
        guard (1...255).contains(key.utf8.count) else {
            throw FerryError(.validationFailed, "Idempotency-Key must be 1 to 255 characters.")
        }
        // Bytes that are not UTF-8 arrive as U+FFFD: two different keys would be one.
        guard !key.unicodeScalars.contains("\u{FFFD}") else {
            throw FerryError(.validationFailed, "Idempotency-Key must be UTF-8 text.")
        }
        let credentials = request.headers[.authorization] ?? request.headers[Caller.bookingTokenHeader] ?? ""
        let path = Self.path(request.uri.path, ids: ids)
        let scope = SHA256.hex("\(request.method.rawValue) \(path)\n\(credentials)\n\(key)")
        let fingerprint = SHA256.hex(body.readableBytesView)

        guard self.running.withLock({ $0.insert(scope).inserted }) else {
            throw FerryError(.idempotencyInProgress, "A request with this Idempotency-Key is still being processed; retry shortly.")
        }
        defer { _ = self.running.withLock { $0.remove(scope) } }

        if let stored = try await engine.storedResponse(key: scope) {
            guard stored.fingerprint == fingerprint else {
                throw FerryError(.idempotencyKeyReused, "This Idempotency-Key was used with a different request body.")
            }
            return Self.response(status: stored.status, body: Data(stored.body), replayed: true)
        }
        let answering = Answering(key: scope, fingerprint: fingerprint)
        let status: Int
        let data: Data
        let storedByCommand: Bool
        do {
            let (s, d) = try await operation(answering)
            (status, data) = (s.code, d)
            storedByCommand = answering.rendered
        } catch {
            guard let ferryError = Problem.ferryError(from: error) else { throw error }
            (status, data) = (Problem.status(for: ferryError.code).code, try Wire.encode(Problem.body(ferryError)))
            // Nothing of a refused command committed, even if it rendered an answer in a
            // transaction that was then undone and run again.
            storedByCommand = false
        }
        if !storedByCommand {
            try await engine.save(
                response: StoredResponse(fingerprint: fingerprint, status: status, body: Array(data), createdAt: engine.clock.now()),
                key: scope
            )
        }
        return Self.response(status: status, body: data, replayed: false)
    }

    /// A request's key and body, for its command to store its answer with.
    final class Answering: Sendable {
        let key: String
        let fingerprint: String
        private let renderedFlag = Mutex(false)

        init(key: String, fingerprint: String) {
            self.key = key
            self.fingerprint = fingerprint
        }

        /// The command rendered its answer to store it: once the command has succeeded, that
        /// answer committed with it.
        var rendered: Bool { self.renderedFlag.withLock { $0 } }

        /// `render` for the command to store its result with: the same function that then
        /// answers the caller, so what is replayed is what was sent.
        func answer<R>(_ render: @escaping @Sendable (R) throws -> (HTTPResponse.Status, Data)) -> IdempotentAnswer<R> {
            IdempotentAnswer(key: self.key, fingerprint: self.fingerprint) { result in
                let (status, data) = try render(result)
                self.renderedFlag.withLock { $0 = true }
                return (status.code, Array(data))
            }
        }
    }

    /// The path with its identifiers upper-cased, as the routes read them: a retry to
    /// `/v1/bookings/k7qx2m/pay` finds the answer to `/v1/bookings/K7QX2M/pay`. A path already
    /// in upper case (as the tools send it) is unchanged, so its answers stored before this
    /// rule are still found; those stored under a lower-case spelling are not.
    static func path(_ path: String, ids: [String]) -> String {
        guard !ids.isEmpty else { return path }
        let upper = Set(ids.map { $0.uppercased() })
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { upper.contains($0.uppercased()) ? $0.uppercased() : String($0) }
            .joined(separator: "/")
    }

    private static func response(status: Int, body: Data, replayed: Bool) -> Response {
        var headers: HTTPFields = [
            .contentType: status >= 400 ? "application/problem+json" : "application/json; charset=utf-8", .cacheControl: "no-store",
        ]
        if replayed { headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
