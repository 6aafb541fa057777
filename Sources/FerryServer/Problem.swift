import FerryAPI
import FerryDomain
import Foundation
import Hummingbird
import NIOHTTP1

/// The one place where a domain refusal becomes an HTTP status and an RFC 9457 body.
enum Problem {
    static func status(for code: FerryError.Code) -> HTTPResponse.Status {
        switch code {
        case .malformedRequest: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .payloadTooLarge: .contentTooLarge
        case .upgradeRequired: .upgradeRequired
        case .validationFailed, .invalidIdNumber, .childAgeMismatch, .invalidGuardian, .outsideBookingWindow, .seatClassUnavailable,
            .invalidPaymentMethod, .greenPermitRequired, .notAResident, .driverNotInBooking, .idempotencyKeyReused, .invalidTicket:
            .unprocessableContent
        case .soldOut, .duplicatePassenger, .duplicateVehicle, .holdExpired, .alreadyPaid, .bookingNotPayable, .sailingExists,
            .sailingCancelled, .idempotencyInProgress, .ticketNotValid, .alreadyBoarded, .wrongSailing, .boardingNotOpen,
            .guardianNotBoarded, .refundClosed, .rebookClosed, .alreadyRefunded, .bookingNotConfirmed, .bookingChanged, .vesselTooSmall,
            .sailingDeparted, .notWeatherPending, .notCashDue, .alreadyPaidOut, .priceChanged:
            .conflict
        }
    }

    static func body(_ error: FerryError) -> ProblemJSON {
        let status = self.status(for: error.code)
        return ProblemJSON(
            type: "https://ferry.example/problems/\(error.code.rawValue)",
            title: status.reasonPhrase,
            status: status.code,
            detail: error.message,
            code: error.code.rawValue,
            details: error.details,
            amounts: error.amounts
        )
    }

    /// Maps anything thrown while answering a request to a `FerryError`; nil for a bug.
    static func ferryError(from error: any Error) -> FerryError? {
        switch error {
        case let e as FerryError: return e
        case let e as any HTTPResponseError where e.status == .contentTooLarge:
            // NIO's "too many bytes" from collecting a body past its limit.
            return FerryError(.payloadTooLarge, "The request body is larger than 64 KiB.")
        case let e as HTTPParserError:
            // The client broke the request off (or sent one that cannot be parsed): its fault,
            // not the server's, though nobody may be left to read the answer.
            return FerryError(.malformedRequest, "The request could not be read: \(e.debugDescription).")
        case let e as HTTPError:
            switch e.status {
            case .notFound: return FerryError(.notFound, "No such resource: check the path.")
            case .methodNotAllowed: return FerryError(.methodNotAllowed, "That method is not offered on this path.")
            case .contentTooLarge: return FerryError(.payloadTooLarge, "The request body is larger than 64 KiB.")
            case .badRequest: return FerryError(.malformedRequest, e.body ?? "Bad request.")
            default: return nil
            }
        default: return nil
        }
    }

    static func response(_ error: FerryError, headers extra: HTTPFields = [:]) -> Response {
        let data = (try? Wire.encode(self.body(error))) ?? Data()
        // A refusal describes one moment (a hold, a seat count): never let a cache keep it.
        var headers: HTTPFields = [.contentType: "application/problem+json", .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: self.status(for: error.code), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
