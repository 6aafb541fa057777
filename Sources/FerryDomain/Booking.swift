import Foundation

/// A booking as it stands: who travels, what they paid, and what each ticket is worth now.
public struct Booking: Sendable, Equatable {
    public let reference: String
    public let sailingId: String
    public var status: Status
    public let channel: SalesChannel
    public let createdAt: Date
    public var expiresAt: Date
    public let totalFen: Int
    public let phone: String?
    public var passengers: [BookedPassenger]
    public var vehicles: [BookedVehicle]
    public var payments: [Payment]
    public var refunds: [Refund] = []
    /// Money moved with passengers rebooked into or out of this booking: positive in, negative out.
    public var transfers: [Transfer] = []
    /// Bookings that passengers of this one were moved into.
    public var rebookedTo: [String] = []
    /// The booking this one was split from by a rebooking.
    public var rebookedFrom: String? = nil
    /// Schedule changes that affected this booking, in order.
    public var notices: [Notice] = []

    public enum Status: String, Sendable, Codable {
        case held, confirmed, refunded, expired
    }

    /// Refund and rebooking fees kept by the operator.
    public var feesFen: Int { self.refunds.reduce(0) { $0 + $1.feeFen } + self.payments.reduce(0) { $0 + $1.feeFen } }

    /// Money held for this booking: paid, plus moved in, minus moved out and refunded. It
    /// always equals the fares of those still travelling plus `feesFen`.
    public var balanceFen: Int {
        self.payments.reduce(0) { $0 + $1.amountFen } + self.transfers.reduce(0) { $0 + $1.amountFen }
            - self.refunds.reduce(0) { $0 + $1.amountFen }
    }

    /// The first payment's method, or for a booking split off by a rebooking, its origin's:
    /// the way of money moved by a transfer recorded before transfers named theirs.
    public var fundingMethod: PaymentMethod? = nil

    public init(
        reference: String,
        sailingId: String,
        status: Status,
        channel: SalesChannel,
        createdAt: Date,
        expiresAt: Date,
        totalFen: Int,
        phone: String?,
        passengers: [BookedPassenger],
        vehicles: [BookedVehicle],
        payments: [Payment]
    ) {
        self.reference = reference
        self.sailingId = sailingId
        self.status = status
        self.channel = channel
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.totalFen = totalFen
        self.phone = phone
        self.passengers = passengers
        self.vehicles = vehicles
        self.payments = payments
    }

    /// The status as of `now`: a held booking past its expiry is expired even before the
    /// sweeper has written it down.
    public func status(at now: Date) -> Status {
        self.status == .held && now >= self.expiresAt ? .expired : self.status
    }
}

/// One traveller of a booking, with the ticket issued on payment.
public struct BookedPassenger: Sendable, Equatable {
    public let index: Int
    public let name: String
    public let idType: DocumentType
    public let idNumber: String
    public let birthDate: LocalDate
    public let fareType: FareType
    public let fareBasis: FareBasis
    public let seatClass: SeatClass?
    public let fareFen: Int
    public let guardian: Int?
    public let heightCm: Int?
    public var ticket: Ticket?
    public var refundedAt: Date? = nil
    /// The booking this passenger was rebooked into, if they moved out of this one.
    public var movedTo: String? = nil

    /// Neither refunded nor moved to another booking.
    public var isTravelling: Bool { self.refundedAt == nil && self.movedTo == nil }

    public init(
        index: Int,
        name: String,
        idType: DocumentType,
        idNumber: String,
        birthDate: LocalDate,
        fareType: FareType,
        fareBasis: FareBasis,
        seatClass: SeatClass?,
        fareFen: Int,
        guardian: Int?,
        heightCm: Int?,
        ticket: Ticket?
    ) {
        self.index = index
        self.name = name
        self.idType = idType
        self.idNumber = idNumber
        self.birthDate = birthDate
        self.fareType = fareType
        self.fareBasis = fareBasis
        self.seatClass = seatClass
        self.fareFen = fareFen
        self.guardian = guardian
        self.heightCm = heightCm
        self.ticket = ticket
    }

    public init(index: Int, planned p: PlannedPassenger) {
        self.init(
            index: index,
            name: p.name,
            idType: p.document.type,
            idNumber: p.document.number,
            birthDate: p.document.birthDate,
            fareType: p.fareType,
            fareBasis: p.fareBasis,
            seatClass: p.seatClass,
            fareFen: p.fareFen,
            guardian: p.guardian,
            heightCm: p.heightCm,
            ticket: nil
        )
    }
}

/// A ticket: the right of one passenger to board one sailing.
public struct Ticket: Sendable, Equatable {
    public let id: String
    /// The signed code a gate scans (see `TicketCode`).
    public let code: String
    public var status: Status
    public let issuedAt: Date
    /// For a free child, the guardian's ticket: the child boards with or after it.
    public let guardianTicketId: String?
    public var boardedAt: Date?
    /// Who boarded it: the staff key id of an online gate, or an offline gate's id.
    public var boardedBy: String?

    public enum Status: String, Sendable, Codable {
        case valid, boarded, refunded, superseded
    }

    public init(
        id: String,
        code: String,
        status: Status,
        issuedAt: Date,
        guardianTicketId: String? = nil,
        boardedAt: Date? = nil,
        boardedBy: String? = nil
    ) {
        self.id = id
        self.code = code
        self.status = status
        self.issuedAt = issuedAt
        self.guardianTicketId = guardianTicketId
        self.boardedAt = boardedAt
        self.boardedBy = boardedBy
    }
}

/// A ticket with the passenger and booking it belongs to: what a gate and a manifest see.
public struct TicketHolder: Sendable, Equatable {
    public let ticket: Ticket
    public let sailingId: String
    public let bookingReference: String
    public let passenger: BookedPassenger

    public init(ticket: Ticket, sailingId: String, bookingReference: String, passenger: BookedPassenger) {
        self.ticket = ticket
        self.sailingId = sailingId
        self.bookingReference = bookingReference
        self.passenger = passenger
    }
}

/// What an offline gate reported boarding, and what the server made of it.
public struct OfflineScan: Sendable, Equatable {
    public let gateId: String
    public let ticketId: String
    public let scannedAt: Date
    public let outcome: Outcome
    public let detail: String
    public let uploadedAt: Date

    public enum Outcome: String, Sendable, Codable {
        /// Applied: the ticket is now boarded as of the scan.
        case boarded
        /// Not applied: boarded elsewhere first, or revoked; staff must look into it.
        case conflict
        /// Not a ticket this server issued.
        case invalid
    }

    public init(gateId: String, ticketId: String, scannedAt: Date, outcome: Outcome, detail: String, uploadedAt: Date) {
        self.gateId = gateId
        self.ticketId = ticketId
        self.scannedAt = scannedAt
        self.outcome = outcome
        self.detail = detail
        self.uploadedAt = uploadedAt
    }
}

/// A vehicle of a booking and the deck pool its units came from.
public struct BookedVehicle: Sendable, Equatable {
    public let index: Int
    public let plate: String
    public let kind: VehicleKind
    public let category: VehicleCategory
    public let pool: VehiclePool
    public let units: Int
    public let driver: Int
    public let permit: String?
    public let fareFen: Int
    public var refundedAt: Date? = nil
    public var movedTo: String? = nil

    public var isTravelling: Bool { self.refundedAt == nil && self.movedTo == nil }

    public init(
        index: Int,
        plate: String,
        kind: VehicleKind,
        category: VehicleCategory,
        pool: VehiclePool,
        units: Int,
        driver: Int,
        permit: String?,
        fareFen: Int
    ) {
        self.index = index
        self.plate = plate
        self.kind = kind
        self.category = category
        self.pool = pool
        self.units = units
        self.driver = driver
        self.permit = permit
        self.fareFen = fareFen
    }
}

/// Money taken for a booking.
public struct Payment: Sendable, Equatable {
    public let method: PaymentMethod
    public let amountFen: Int
    public let reference: String?
    public let paidAt: Date
    /// The part of `amountFen` that is a rebooking fee rather than fare.
    public let feeFen: Int

    public init(method: PaymentMethod, amountFen: Int, reference: String?, paidAt: Date, feeFen: Int = 0) {
        self.method = method
        self.amountFen = amountFen
        self.reference = reference
        self.paidAt = paidAt
        self.feeFen = feeFen
    }
}

/// How a booking was paid: at a counter, or online through a provider.
public enum PaymentMethod: String, Sendable, Codable, CaseIterable {
    case cash, wechat, alipay, unionpay, online

    /// Methods only a ticket counter can take.
    public var needsCounter: Bool { self != .online }

    /// The way of paying a refund goes back to.
    public init(refundedTo method: RefundMethod) {
        switch method {
        case .cashDue: self = .cash
        case .wechat: self = .wechat
        case .alipay: self = .alipay
        case .unionpay: self = .unionpay
        case .online: self = .online
        }
    }
}

/// Money given back: for a refund, or for a rebooking that costs less than what was paid.
public struct Refund: Sendable, Equatable {
    public let id: String
    public let amountFen: Int
    /// Kept by the operator, per the fee tier in force.
    public let feeFen: Int
    /// Where the money goes: back to the provider it came from, or `cashDue` at any counter.
    public let method: RefundMethod
    public let reason: Reason
    public let passengers: [Int]
    public let vehicles: [Int]
    /// A staff key id, or `traveller`.
    public let refundedBy: String
    public let createdAt: Date
    /// For `cashDue`: when a counter handed the cash over, and which staff key did; nil while
    /// it is owed. Recorded once, so two counters never pay the same refund.
    public var paidOutAt: Date?
    public var paidOutBy: String?

    public enum Reason: String, Sendable, Codable {
        case refund, rebook
    }

    /// `RF` and 12 characters of the booking-reference alphabet.
    public static func newId() -> String { "RF" + Codes.bookingReference() + Codes.bookingReference() }

    public init(
        id: String,
        amountFen: Int,
        feeFen: Int,
        method: RefundMethod,
        reason: Reason,
        passengers: [Int],
        vehicles: [Int],
        refundedBy: String,
        createdAt: Date,
        paidOutAt: Date? = nil,
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
        self.createdAt = createdAt
        self.paidOutAt = paidOutAt
        self.paidOutBy = paidOutBy
    }
}

/// Where refunded money goes: the way it came.
public enum RefundMethod: String, Sendable, Codable {
    /// Paid in cash: owed in cash at any counter.
    case cashDue = "cash_due"
    case wechat, alipay, unionpay, online

    public init(paidWith method: PaymentMethod) {
        switch method {
        case .cash: self = .cashDue
        case .wechat: self = .wechat
        case .alipay: self = .alipay
        case .unionpay: self = .unionpay
        case .online: self = .online
        }
    }
}

/// Fares that moved between bookings with passengers rebooked out of one into another.
public struct Transfer: Sendable, Equatable {
    public let otherReference: String
    /// Positive into this booking, negative out of it.
    public let amountFen: Int
    /// The way this money was first paid, which a refund of it goes back to; nil for a
    /// transfer recorded before transfers named theirs (the booking's `fundingMethod`).
    public let method: PaymentMethod?
    public let createdAt: Date

    public init(otherReference: String, amountFen: Int, method: PaymentMethod?, createdAt: Date) {
        self.otherReference = otherReference
        self.amountFen = amountFen
        self.method = method
        self.createdAt = createdAt
    }
}
