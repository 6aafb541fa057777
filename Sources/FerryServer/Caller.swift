import FerryDomain
import FerryEngine
import FerryStore
import HTTPTypes
import Hummingbird

/// Who is asking: staff with a key, or anyone else (possibly holding a booking token).
struct Caller: Sendable {
    let staff: StaffKey?
    let bookingToken: String?

    static let bookingTokenHeader = HTTPField.Name("X-Booking-Token")!

    /// Reads the credentials of a request. A bearer key that is present but unknown is
    /// refused outright (`401`) rather than treated as anonymous.
    static func identify<S>(_ request: Request, engine: Engine<S>) async throws -> Caller {
        var staff: StaffKey? = nil
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer", let key = try await engine.staffKey(secret: String(parts[1])) else {
                throw FerryError(.unauthorized, "The staff key is not valid: send Authorization: Bearer <key>.")
            }
            staff = key
        }
        return Caller(staff: staff, bookingToken: request.headers[Self.bookingTokenHeader])
    }

    /// Refuses unless the caller has a staff key of at least `role`.
    func require(_ role: StaffRole) throws(FerryError) -> StaffKey {
        guard let staff else { throw FerryError(.unauthorized, "This needs a staff key: send Authorization: Bearer <key>.") }
        guard staff.role.includes(role) else {
            throw FerryError(.forbidden, "This needs the \(role.rawValue) role; this key is \(staff.role.rawValue).")
        }
        return staff
    }

    /// Counter staff sell at the counter; everyone else online.
    var channel: SalesChannel { self.staff?.role.includes(.counter) == true ? .counter : .online }

    /// Refuses unless the caller is counter staff or holds this booking's token.
    /// - Returns: the token to echo back, nil for staff.
    func requireBookingAccess<S>(_ reference: String, engine: Engine<S>) async throws -> String? {
        // An unknown reference is 404 for everyone; a reference is no secret without its token.
        guard let stored = try await engine.tokenHash(reference: reference) else { throw FerryError(.notFound, "No booking \(reference).") }
        if self.staff?.role.includes(.counter) == true { return nil }
        guard let token = self.bookingToken else {
            throw FerryError(.unauthorized, "Send the booking's token in X-Booking-Token, or a counter key.")
        }
        guard Engine<S>.token(token, matches: stored) else {
            throw FerryError(.forbidden, "This token does not belong to booking \(reference).")
        }
        return token
    }
}
