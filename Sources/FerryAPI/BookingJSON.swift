/// A booking on the wire (DESIGN §3). Optional fields are written as `null`, never left out.
public struct BookingJSON: Codable, Sendable, Equatable {
    public var reference: String
    /// The holder's token: in the response that created the booking, and echoed to a holder
    /// who presented it; null when staff read the booking.
    public var token: String?
    public var status: String
    public var sailingId: String
    public var channel: String
    public var createdAt: String
    public var expiresAt: String?
    public var totalFen: Int
    public var paidFen: Int
    public var contact: Contact?
    public var passengers: [Passenger]
    public var vehicles: [Vehicle]
    public var payments: [PaymentJSON]
    public var refunds: [RefundJSON]
    public var transfers: [TransferJSON]
    /// Payments plus transfers in, minus transfers out and refunds: always the fares of
    /// those still travelling plus the fees kept.
    public var balanceFen: Int
    /// Refund and rebooking fees kept.
    public var feesFen: Int
    public var rebookedTo: [String]
    public var rebookedFrom: String?
    public var notices: [NoticeJSON]

    public struct Contact: Codable, Sendable, Equatable {
        public var phone: String?
        public init(phone: String?) { self.phone = phone }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(self.phone, forKey: .phone)
        }
    }

    public struct Passenger: Codable, Sendable, Equatable {
        public var index: Int
        public var name: String
        public var idType: String
        public var idNumber: String
        public var fareType: String
        /// `age` or `height`: which waterway test set the fare type.
        public var fareBasis: String
        public var seatClass: String?
        public var fareFen: Int
        public var guardian: Int?
        public var heightCm: Int?
        /// `travelling`, `refunded`, or `rebooked` (moved into `rebookedTo`).
        public var status: String
        public var rebookedTo: String?
        public var ticket: TicketJSON?

        public init(
            index: Int,
            name: String,
            idType: String,
            idNumber: String,
            fareType: String,
            fareBasis: String,
            seatClass: String?,
            fareFen: Int,
            guardian: Int?,
            heightCm: Int?,
            status: String = "travelling",
            rebookedTo: String? = nil,
            ticket: TicketJSON?
        ) {
            self.status = status
            self.rebookedTo = rebookedTo
            self.index = index
            self.name = name
            self.idType = idType
            self.idNumber = idNumber
            self.fareType = fareType
            self.fareBasis = fareBasis
            self.seatClass = seatClass
            self.fareFen = fareFen
            self.guardian = guardian
            self.heightCm = heightCm
            self.ticket = ticket
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(self.index, forKey: .index)
            try c.encode(self.name, forKey: .name)
            try c.encode(self.idType, forKey: .idType)
            try c.encode(self.idNumber, forKey: .idNumber)
            try c.encode(self.fareType, forKey: .fareType)
            try c.encode(self.fareBasis, forKey: .fareBasis)
            try c.encode(self.seatClass, forKey: .seatClass)
            try c.encode(self.fareFen, forKey: .fareFen)
            try c.encode(self.guardian, forKey: .guardian)
            try c.encode(self.heightCm, forKey: .heightCm)
            try c.encode(self.status, forKey: .status)
            try c.encode(self.rebookedTo, forKey: .rebookedTo)
            try c.encode(self.ticket, forKey: .ticket)
        }
    }

    public struct Vehicle: Codable, Sendable, Equatable {
        public var index: Int
        public var plate: String
        public var kind: String
        public var category: String
        public var pool: String
        public var units: Int
        public var driver: Int
        public var fareFen: Int
        /// `travelling`, `refunded` or `rebooked`.
        public var status: String
        public init(
            index: Int,
            plate: String,
            kind: String,
            category: String,
            pool: String,
            units: Int,
            driver: Int,
            fareFen: Int,
            status: String = "travelling"
        ) {
            self.status = status
            self.index = index
            self.plate = plate
            self.kind = kind
            self.category = category
            self.pool = pool
            self.units = units
            self.driver = driver
            self.fareFen = fareFen
        }
    }

    public init(
        reference: String,
        token: String?,
        status: String,
        sailingId: String,
        channel: String,
        createdAt: String,
        expiresAt: String?,
        totalFen: Int,
        paidFen: Int,
        contact: Contact?,
        passengers: [Passenger],
        vehicles: [Vehicle],
        payments: [PaymentJSON]
    ) {
        self.reference = reference
        self.token = token
        self.status = status
        self.sailingId = sailingId
        self.channel = channel
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.totalFen = totalFen
        self.paidFen = paidFen
        self.contact = contact
        self.passengers = passengers
        self.vehicles = vehicles
        self.payments = payments
        self.refunds = []
        self.transfers = []
        self.balanceFen = paidFen
        self.feesFen = 0
        self.rebookedTo = []
        self.rebookedFrom = nil
        self.notices = []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.reference, forKey: .reference)
        try c.encode(self.token, forKey: .token)
        try c.encode(self.status, forKey: .status)
        try c.encode(self.sailingId, forKey: .sailingId)
        try c.encode(self.channel, forKey: .channel)
        try c.encode(self.createdAt, forKey: .createdAt)
        try c.encode(self.expiresAt, forKey: .expiresAt)
        try c.encode(self.totalFen, forKey: .totalFen)
        try c.encode(self.paidFen, forKey: .paidFen)
        try c.encode(self.contact, forKey: .contact)
        try c.encode(self.passengers, forKey: .passengers)
        try c.encode(self.vehicles, forKey: .vehicles)
        try c.encode(self.payments, forKey: .payments)
        try c.encode(self.refunds, forKey: .refunds)
        try c.encode(self.transfers, forKey: .transfers)
        try c.encode(self.balanceFen, forKey: .balanceFen)
        try c.encode(self.feesFen, forKey: .feesFen)
        try c.encode(self.rebookedTo, forKey: .rebookedTo)
        try c.encode(self.rebookedFrom, forKey: .rebookedFrom)
        try c.encode(self.notices, forKey: .notices)
    }
}

/// A ticket on the wire. `code` is what a gate scans.
public struct TicketJSON: Codable, Sendable, Equatable {
    public var id: String
    public var code: String
    public var status: String
    public var issuedAt: String
    public init(id: String, code: String, status: String, issuedAt: String) {
        self.id = id
        self.code = code
        self.status = status
        self.issuedAt = issuedAt
    }
}

/// A payment on the wire.
public struct PaymentJSON: Codable, Sendable, Equatable {
    public var method: String
    public var amountFen: Int
    public var paymentReference: String?
    public var paidAt: String
    /// The part of `amountFen` that is a rebooking fee.
    public var feeFen: Int
    public init(method: String, amountFen: Int, paymentReference: String?, paidAt: String, feeFen: Int = 0) {
        self.method = method
        self.amountFen = amountFen
        self.paymentReference = paymentReference
        self.paidAt = paidAt
        self.feeFen = feeFen
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.method, forKey: .method)
        try c.encode(self.amountFen, forKey: .amountFen)
        try c.encode(self.paymentReference, forKey: .paymentReference)
        try c.encode(self.paidAt, forKey: .paidAt)
        try c.encode(self.feeFen, forKey: .feeFen)
    }
}

/// A refund on the wire: a ledger entry of money given back.
public struct RefundJSON: Codable, Sendable, Equatable {
    public var id: String
    public var amountFen: Int
    public var feeFen: Int
    /// `cash_due` (collect at any counter), or the provider it goes back to.
    public var method: String
    /// `refund`, or `rebook` when a rebooking cost less than what was paid.
    public var reason: String
    public var passengers: [Int]
    public var vehicles: [Int]
    public var refundedBy: String
    public var refundedAt: String
    /// For `cash_due`: when a counter handed the cash over, and its staff key id; null while owed.
    public var paidOutAt: String?
    public var paidOutBy: String?

    public init(
        id: String,
        amountFen: Int,
        feeFen: Int,
        method: String,
        reason: String,
        passengers: [Int],
        vehicles: [Int],
        refundedBy: String,
        refundedAt: String,
        paidOutAt: String? = nil,
        paidOutBy: String? = nil
    ) {
        self.id = id
        self.amountFen = amountFen
        self.feeFen = feeFen
        self.method = method
        self.reason = reason
        self.passengers = passengers
        self.vehicles = vehicles
        self.refundedBy = refundedBy
        self.refundedAt = refundedAt
        self.paidOutAt = paidOutAt
        self.paidOutBy = paidOutBy
    }

    /// `paidOutAt` and `paidOutBy` are written as null while the cash is owed.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.id, forKey: .id)
        try c.encode(self.amountFen, forKey: .amountFen)
        try c.encode(self.feeFen, forKey: .feeFen)
        try c.encode(self.method, forKey: .method)
        try c.encode(self.reason, forKey: .reason)
        try c.encode(self.passengers, forKey: .passengers)
        try c.encode(self.vehicles, forKey: .vehicles)
        try c.encode(self.refundedBy, forKey: .refundedBy)
        try c.encode(self.refundedAt, forKey: .refundedAt)
        try c.encode(self.paidOutAt, forKey: .paidOutAt)
        try c.encode(self.paidOutBy, forKey: .paidOutBy)
    }
}

/// Fares moved with passengers rebooked between two bookings: positive in, negative out.
public struct TransferJSON: Codable, Sendable, Equatable {
    public var reference: String
    public var amountFen: Int
    /// How this money was first paid, the way a refund of it goes back; always sent (nil only
    /// from a server that predates it).
    public var method: String?
    public var at: String

    public init(reference: String, amountFen: Int, method: String?, at: String) {
        self.reference = reference
        self.amountFen = amountFen
        self.method = method
        self.at = at
    }
}

/// A schedule-change notice on the wire. Every field is always written, null when it does
/// not apply.
public struct NoticeJSON: Codable, Sendable, Equatable {
    public var seq: Int
    /// `delayed`, `weather_pending`, `cancelled`, `vessel_changed`, `added` or `announcement`.
    public var type: String
    public var sailingId: String?
    public var routeId: String?
    public var reason: String?
    public var title: String?
    public var message: String?
    public var createdAt: String
    /// The new departure (`delayed`) or the departure (`added`).
    public var departure: String?
    /// When the weather decision will be taken (`weather_pending`).
    public var decisionAt: String?
    /// The vessel now sailing (`vessel_changed`, `added`).
    public var vessel: String?
    /// An announcement's addressees; both empty: everyone.
    public var routeIds: [String]
    public var ports: [String]
    public var affectedBookings: Int

    public init(
        seq: Int,
        type: String,
        sailingId: String?,
        routeId: String?,
        reason: String?,
        title: String?,
        message: String?,
        createdAt: String,
        departure: String?,
        decisionAt: String?,
        vessel: String?,
        routeIds: [String],
        ports: [String],
        affectedBookings: Int
    ) {
        self.seq = seq
        self.type = type
        self.sailingId = sailingId
        self.routeId = routeId
        self.reason = reason
        self.title = title
        self.message = message
        self.createdAt = createdAt
        self.departure = departure
        self.decisionAt = decisionAt
        self.vessel = vessel
        self.routeIds = routeIds
        self.ports = ports
        self.affectedBookings = affectedBookings
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.seq, forKey: .seq)
        try c.encode(self.type, forKey: .type)
        try c.encode(self.sailingId, forKey: .sailingId)
        try c.encode(self.routeId, forKey: .routeId)
        try c.encode(self.reason, forKey: .reason)
        try c.encode(self.title, forKey: .title)
        try c.encode(self.message, forKey: .message)
        try c.encode(self.createdAt, forKey: .createdAt)
        try c.encode(self.departure, forKey: .departure)
        try c.encode(self.decisionAt, forKey: .decisionAt)
        try c.encode(self.vessel, forKey: .vessel)
        try c.encode(self.routeIds, forKey: .routeIds)
        try c.encode(self.ports, forKey: .ports)
        try c.encode(self.affectedBookings, forKey: .affectedBookings)
    }
}
