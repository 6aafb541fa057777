/// `POST /v1/bookings`.
public struct CreateBookingRequest: Codable, Sendable {
    public var sailingId: String
    public var passengers: [Passenger]
    public var vehicles: [Vehicle]?
    public var contact: Contact?

    public struct Passenger: Codable, Sendable {
        public var name: String
        public var idType: String
        public var idNumber: String
        public var birthDate: String?
        public var fareType: String
        public var seatClass: String?
        public var guardian: Int?
        public var heightCm: Int?
        public init(
            name: String,
            idType: String,
            idNumber: String,
            birthDate: String? = nil,
            fareType: String,
            seatClass: String? = nil,
            guardian: Int? = nil,
            heightCm: Int? = nil
        ) {
            self.name = name
            self.idType = idType
            self.idNumber = idNumber
            self.birthDate = birthDate
            self.fareType = fareType
            self.seatClass = seatClass
            self.guardian = guardian
            self.heightCm = heightCm
        }
    }

    public struct Vehicle: Codable, Sendable {
        public var plate: String
        public var kind: String
        public var category: String
        public var driver: Int
        public var permit: String?
        public init(plate: String, kind: String, category: String, driver: Int, permit: String? = nil) {
            self.plate = plate
            self.kind = kind
            self.category = category
            self.driver = driver
            self.permit = permit
        }
    }

    public struct Contact: Codable, Sendable {
        public var phone: String?
        public init(phone: String?) { self.phone = phone }
    }

    public init(sailingId: String, passengers: [Passenger], vehicles: [Vehicle]? = nil, contact: Contact? = nil) {
        self.sailingId = sailingId
        self.passengers = passengers
        self.vehicles = vehicles
        self.contact = contact
    }
}

/// `POST /v1/bookings/{reference}/pay`.
public struct PayRequest: Codable, Sendable {
    public var method: String
    public var paymentReference: String?
    public init(method: String, paymentReference: String? = nil) {
        self.method = method
        self.paymentReference = paymentReference
    }
}

/// `POST /v1/bookings/{reference}/refund`: nothing named refunds everyone still travelling.
public struct RefundRequest: Codable, Sendable {
    public var passengers: [Int]?
    public var vehicles: [Int]?
    public init(passengers: [Int]? = nil, vehicles: [Int]? = nil) {
        self.passengers = passengers
        self.vehicles = vehicles
    }
}

/// The answer to a refund.
public struct RefundResultJSON: Codable, Sendable {
    public var refundedFen: Int
    public var feeFen: Int
    public var booking: BookingJSON
    public init(refundedFen: Int, feeFen: Int, booking: BookingJSON) {
        self.refundedFen = refundedFen
        self.feeFen = feeFen
        self.booking = booking
    }
}

/// `POST /v1/bookings/{reference}/rebook`.
public struct RebookRequestJSON: Codable, Sendable {
    public var sailingId: String
    public var passengers: [Int]?
    public var seatClass: String?
    public var method: String?
    public var paymentReference: String?
    /// Optional precondition: the sailing the booking is on as the caller last saw it; a
    /// booking moved meanwhile is refused with `409 booking_changed`.
    public var fromSailingId: String?
    /// Optional: the most the caller agreed to pay (a priced refusal's `amountDueFen`); a move
    /// that would now cost more is refused with `409 price_changed`.
    public var amountDueFen: Int?
    public init(
        sailingId: String,
        passengers: [Int]? = nil,
        seatClass: String? = nil,
        method: String? = nil,
        paymentReference: String? = nil,
        fromSailingId: String? = nil,
        amountDueFen: Int? = nil
    ) {
        self.fromSailingId = fromSailingId
        self.amountDueFen = amountDueFen
        self.sailingId = sailingId
        self.passengers = passengers
        self.seatClass = seatClass
        self.method = method
        self.paymentReference = paymentReference
    }
}

/// The answer to a rebooking: the booking the passengers now hold (a new one, with its own
/// token, when only some moved), the fee, and the fare difference on the new date.
public struct RebookResultJSON: Codable, Sendable {
    public var booking: BookingJSON
    public var feeFen: Int
    public var fareDifferenceFen: Int
    public init(booking: BookingJSON, feeFen: Int, fareDifferenceFen: Int) {
        self.booking = booking
        self.feeFen = feeFen
        self.fareDifferenceFen = fareDifferenceFen
    }
}

/// `POST /v1/admin/keys`.
public struct CreateKeyRequest: Codable, Sendable {
    public var role: String
    public var label: String
    public init(role: String, label: String) {
        self.role = role
        self.label = label
    }
}

/// The answer to `POST /v1/admin/keys`: the only time the key itself is shown.
public struct CreatedKeyJSON: Codable, Sendable {
    public var id: String
    public var key: String
    public var role: String
    public var label: String
    public var createdAt: String
    public init(id: String, key: String, role: String, label: String, createdAt: String) {
        self.id = id
        self.key = key
        self.role = role
        self.label = label
        self.createdAt = createdAt
    }
}

/// A staff key as an admin lists it: never the key itself. `revokedAt` and `revokedBy` are
/// always written, null while the key is live.
public struct StaffKeyJSON: Codable, Sendable, Equatable {
    public var id: String
    public var role: String
    public var label: String
    public var createdAt: String
    public var revokedAt: String?
    /// The admin key that revoked it, or `FERRY_ADMIN_KEY rotation`.
    public var revokedBy: String?

    public init(id: String, role: String, label: String, createdAt: String, revokedAt: String?, revokedBy: String?) {
        self.id = id
        self.role = role
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.revokedBy = revokedBy
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.id, forKey: .id)
        try c.encode(self.role, forKey: .role)
        try c.encode(self.label, forKey: .label)
        try c.encode(self.createdAt, forKey: .createdAt)
        try c.encode(self.revokedAt, forKey: .revokedAt)
        try c.encode(self.revokedBy, forKey: .revokedBy)
    }
}

/// An RFC 9457 problem document with the product's stable `code`, and any facts the
/// refusal carries (`boardedAt` for `already_boarded`; `amountDueFen` for a rebooking that
/// costs more) as extra members.
public struct ProblemJSON: Codable, Sendable, Equatable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var code: String
    /// The extra members that are strings.
    public var details: [String: String]
    /// The extra members that are whole numbers (sums in fen).
    public var amounts: [String: Int]

    public init(
        type: String,
        title: String,
        status: Int,
        detail: String,
        code: String,
        details: [String: String] = [:],
        amounts: [String: Int] = [:]
    ) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.code = code
        self.details = details
        self.amounts = amounts
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private static let standard: Set<String> = ["type", "title", "status", "detail", "code"]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        self.type = try c.decode(String.self, forKey: Key(stringValue: "type"))
        self.title = try c.decode(String.self, forKey: Key(stringValue: "title"))
        self.status = try c.decode(Int.self, forKey: Key(stringValue: "status"))
        self.detail = try c.decode(String.self, forKey: Key(stringValue: "detail"))
        self.code = try c.decode(String.self, forKey: Key(stringValue: "code"))
        var details: [String: String] = [:]
        var amounts: [String: Int] = [:]
        for key in c.allKeys where !Self.standard.contains(key.stringValue) {
            if let value = try? c.decode(String.self, forKey: key) {
                details[key.stringValue] = value
            } else if let value = try? c.decode(Int.self, forKey: key) {
                amounts[key.stringValue] = value
            }
        }
        self.details = details
        self.amounts = amounts
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(self.type, forKey: Key(stringValue: "type"))
        try c.encode(self.title, forKey: Key(stringValue: "title"))
        try c.encode(self.status, forKey: Key(stringValue: "status"))
        try c.encode(self.detail, forKey: Key(stringValue: "detail"))
        try c.encode(self.code, forKey: Key(stringValue: "code"))
        for (key, value) in self.details.sorted(by: { $0.key < $1.key }) where !Self.standard.contains(key) {
            try c.encode(value, forKey: Key(stringValue: key))
        }
        for (key, value) in self.amounts.sorted(by: { $0.key < $1.key }) where !Self.standard.contains(key) && self.details[key] == nil {
            try c.encode(value, forKey: Key(stringValue: key))
        }
    }
}

/// `GET /v1/health`.
public struct HealthJSON: Codable, Sendable {
    public var status: String
    public init(status: String) { self.status = status }
}

/// `POST /v1/timetables`: creates a timetable, or replaces the one with the same `id`.
public struct TimetableJSON: Codable, Sendable, Equatable {
    /// Omitted on creation: the server names it `ROUTE-HHMM`.
    public var id: String?
    public var routeId: String
    /// ISO weekdays: 1 = Monday … 7 = Sunday.
    public var daysOfWeek: [Int]
    /// Local time `HH:MM`.
    public var departure: String
    public var vessel: String
    public var validFrom: String
    /// Null: open-ended.
    public var validTo: String?

    public init(id: String?, routeId: String, daysOfWeek: [Int], departure: String, vessel: String, validFrom: String, validTo: String?) {
        self.id = id
        self.routeId = routeId
        self.daysOfWeek = daysOfWeek
        self.departure = departure
        self.vessel = vessel
        self.validFrom = validFrom
        self.validTo = validTo
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.id, forKey: .id)
        try c.encode(self.routeId, forKey: .routeId)
        try c.encode(self.daysOfWeek, forKey: .daysOfWeek)
        try c.encode(self.departure, forKey: .departure)
        try c.encode(self.vessel, forKey: .vessel)
        try c.encode(self.validFrom, forKey: .validFrom)
        try c.encode(self.validTo, forKey: .validTo)
    }
}

/// The answer to `POST /v1/timetables`: the timetable and what happened to its sailings.
public struct TimetableChangeJSON: Codable, Sendable {
    public var timetable: TimetableJSON
    public var added: [String]
    public var removed: [String]
    /// Sailings no longer run as before but kept because they have bookings.
    public var keptWithBookings: [String]

    public init(timetable: TimetableJSON, added: [String], removed: [String], keptWithBookings: [String]) {
        self.timetable = timetable
        self.added = added
        self.removed = removed
        self.keptWithBookings = keptWithBookings
    }
}

/// `POST /v1/sailings`: an extra sailing.
public struct AddSailingRequest: Codable, Sendable {
    public var routeId: String
    public var departure: String
    public var vessel: String
    public init(routeId: String, departure: String, vessel: String) {
        self.routeId = routeId
        self.departure = departure
        self.vessel = vessel
    }
}

/// The body of `delay`, `pending`, `cancel` and `cancel-day`: the fields each needs.
public struct ScheduleChangeRequest: Codable, Sendable {
    /// `delay`: the new departure.
    public var departure: String?
    /// `pending`: when the decision will be taken.
    public var decisionAt: String?
    /// `cancel-day`: the local date.
    public var date: String?
    /// `weather_wind`, `weather_fog`, `technical` or `other`.
    public var reason: String
    public var message: String?
    public init(departure: String? = nil, decisionAt: String? = nil, date: String? = nil, reason: String, message: String? = nil) {
        self.departure = departure
        self.decisionAt = decisionAt
        self.date = date
        self.reason = reason
        self.message = message
    }
}

/// `POST /v1/bookings/{reference}/refunds/{id}/payout`: the body is empty or a JSON object,
/// whose members are not read.
public struct PayoutRequest: Codable, Sendable {
    public init() {}

    public init(from decoder: any Decoder) throws {
        _ = try decoder.container(keyedBy: NoKeys.self)
    }

    private enum NoKeys: CodingKey {}
}

/// `POST /v1/payments/callback`: the payment provider's word that a booking is paid.
public struct PaymentCallbackRequest: Codable, Sendable {
    public var reference: String
    /// The provider's own id of the payment.
    public var paymentReference: String
    public var amountFen: Int
    public init(reference: String, paymentReference: String, amountFen: Int) {
        self.reference = reference
        self.paymentReference = paymentReference
        self.amountFen = amountFen
    }
}

/// `POST /v1/sailings/{id}/resume`: the decision to sail after a weather-pending spell.
public struct ResumeRequest: Codable, Sendable {
    public var message: String?
    public init(message: String? = nil) { self.message = message }
}

/// `POST /v1/sailings/{id}/vessel`.
public struct VesselChangeRequest: Codable, Sendable {
    public var vessel: String
    public init(vessel: String) { self.vessel = vessel }
}

/// The answer to a schedule change: the sailing as it now stands and the notice written.
public struct ScheduleChangeJSON: Codable, Sendable {
    public var sailing: SailingJSON
    public var notice: NoticeJSON
    public init(sailing: SailingJSON, notice: NoticeJSON) {
        self.sailing = sailing
        self.notice = notice
    }
}

/// `POST /v1/notices`: a free-text announcement.
public struct AnnouncementRequest: Codable, Sendable {
    public var routeIds: [String]?
    public var ports: [String]?
    public var title: String?
    public var message: String
    public init(routeIds: [String]? = nil, ports: [String]? = nil, title: String? = nil, message: String) {
        self.routeIds = routeIds
        self.ports = ports
        self.title = title
        self.message = message
    }
}
