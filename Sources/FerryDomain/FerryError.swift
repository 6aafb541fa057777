/// A refusal with a stable code that clients can switch on.
///
/// The domain says *what* went wrong; the server decides once, in one place, which HTTP
/// status each code travels with. The message is written for a counter clerk.
public struct FerryError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: Code
    public let message: String
    /// Facts a client may act on, sent as extra members of the problem document
    /// (`already_boarded` carries `boardedAt`).
    public let details: [String: String]
    /// Sums of money the refusal names, in fen, sent as integer members: a rebooking that
    /// costs more says how much, so that a client can ask its traveller before paying.
    public let amounts: [String: Int]

    public init(_ code: Code, _ message: String, details: [String: String] = [:], amounts: [String: Int] = [:]) {
        self.code = code
        self.message = message
        self.details = details
        self.amounts = amounts
    }

    public var description: String { "\(self.code.rawValue): \(self.message)" }

    /// Every code the product can answer with. Raw values are part of the public contract.
    public enum Code: String, Sendable, CaseIterable {
        // 400
        case malformedRequest = "malformed_request"
        // 401 / 403
        case unauthorized
        case forbidden
        // 404 / 405
        case notFound = "not_found"
        case methodNotAllowed = "method_not_allowed"
        // 413
        case payloadTooLarge = "payload_too_large"
        // 426
        case upgradeRequired = "upgrade_required"
        // 422
        case validationFailed = "validation_failed"
        case invalidIdNumber = "invalid_id_number"
        case childAgeMismatch = "child_age_mismatch"
        case invalidGuardian = "invalid_guardian"
        case outsideBookingWindow = "outside_booking_window"
        case seatClassUnavailable = "seat_class_unavailable"
        case invalidPaymentMethod = "invalid_payment_method"
        case greenPermitRequired = "green_permit_required"
        case notAResident = "not_a_resident"
        case driverNotInBooking = "driver_not_in_booking"
        case idempotencyKeyReused = "idempotency_key_reused"
        case invalidTicket = "invalid_ticket"
        // 409
        case soldOut = "sold_out"
        case duplicatePassenger = "duplicate_passenger"
        case duplicateVehicle = "duplicate_vehicle"
        case holdExpired = "hold_expired"
        case alreadyPaid = "already_paid"
        case bookingNotPayable = "booking_not_payable"
        case sailingExists = "sailing_exists"
        case sailingCancelled = "sailing_cancelled"
        case idempotencyInProgress = "idempotency_in_progress"
        case ticketNotValid = "ticket_not_valid"
        case alreadyBoarded = "already_boarded"
        case wrongSailing = "wrong_sailing"
        case boardingNotOpen = "boarding_not_open"
        case guardianNotBoarded = "guardian_not_boarded"
        case refundClosed = "refund_closed"
        case rebookClosed = "rebook_closed"
        case alreadyRefunded = "already_refunded"
        case bookingNotConfirmed = "booking_not_confirmed"
        case bookingChanged = "booking_changed"
        case vesselTooSmall = "vessel_too_small"
        case sailingDeparted = "sailing_departed"
        case notWeatherPending = "not_weather_pending"
        case notCashDue = "not_cash_due"
        case alreadyPaidOut = "already_paid_out"
        case priceChanged = "price_changed"
    }
}

extension FerryError {
    static func validation(_ message: String) -> FerryError { FerryError(.validationFailed, message) }
}
