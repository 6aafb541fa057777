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

/// An RFC 9457 problem document with the product's stable `code`.
public struct ProblemJSON: Codable, Sendable, Equatable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var code: String
    public init(type: String, title: String, status: Int, detail: String, code: String) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.code = code
    }
}

/// `GET /v1/health`.
public struct HealthJSON: Codable, Sendable {
    public var status: String
    public init(status: String) { self.status = status }
}
