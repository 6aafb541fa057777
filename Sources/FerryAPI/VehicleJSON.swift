/// `POST /v1/green-permits`.
public struct CreateGreenPermitRequest: Codable, Sendable {
    public var plate: String
    public var permit: String
    public var validFrom: String
    public var validTo: String
    public var purpose: String?

    public init(plate: String, permit: String, validFrom: String, validTo: String, purpose: String? = nil) {
        self.plate = plate
        self.permit = permit
        self.validFrom = validFrom
        self.validTo = validTo
        self.purpose = purpose
    }
}

/// A green-channel permit on the wire.
public struct GreenPermitJSON: Codable, Sendable, Equatable {
    public var id: String
    public var plate: String
    public var permit: String
    public var validFrom: String
    public var validTo: String
    public var purpose: String?
    public var createdAt: String
    public var revokedAt: String?

    public init(
        id: String,
        plate: String,
        permit: String,
        validFrom: String,
        validTo: String,
        purpose: String?,
        createdAt: String,
        revokedAt: String?
    ) {
        self.id = id
        self.plate = plate
        self.permit = permit
        self.validFrom = validFrom
        self.validTo = validTo
        self.purpose = purpose
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.id, forKey: .id)
        try c.encode(self.plate, forKey: .plate)
        try c.encode(self.permit, forKey: .permit)
        try c.encode(self.validFrom, forKey: .validFrom)
        try c.encode(self.validTo, forKey: .validTo)
        try c.encode(self.purpose, forKey: .purpose)
        try c.encode(self.createdAt, forKey: .createdAt)
        try c.encode(self.revokedAt, forKey: .revokedAt)
    }
}

/// `POST /v1/residents`: a person a counter verified as a Shengsi resident.
public struct CreateResidentRequest: Codable, Sendable {
    public var idType: String
    public var idNumber: String
    public var name: String
    /// `household_register` or `residence_permit`: what the clerk saw.
    public var evidence: String

    public init(idType: String, idNumber: String, name: String, evidence: String) {
        self.idType = idType
        self.idNumber = idNumber
        self.name = name
        self.evidence = evidence
    }
}

/// A resident register entry on the wire; the document number is masked.
public struct ResidentJSON: Codable, Sendable, Equatable {
    public var id: String
    public var idType: String
    public var idNumber: String
    public var name: String
    public var evidence: String
    public var recordedBy: String
    public var createdAt: String

    public init(id: String, idType: String, idNumber: String, name: String, evidence: String, recordedBy: String, createdAt: String) {
        self.id = id
        self.idType = idType
        self.idNumber = idNumber
        self.name = name
        self.evidence = evidence
        self.recordedBy = recordedBy
        self.createdAt = createdAt
    }
}

/// `GET /v1/sailings/{id}/deck`: the vehicle deck as a counter sees it.
public struct DeckJSON: Codable, Sendable, Equatable {
    public var sailingId: String
    public var totalUnits: Int
    public var residentReleaseAt: String
    public var greenReleaseAt: String
    public var pools: [Pool]
    public var vehicles: [Vehicle]

    public struct Pool: Codable, Sendable, Equatable {
        public var pool: String
        /// Units set aside for this pool (for `general`: the rest of the deck).
        public var reserved: Int
        /// Units of paid bookings.
        public var taken: Int
        /// Units of unpaid holds.
        public var held: Int
        /// Whether the unused reserve has joined the general pool.
        public var released: Bool
        /// Free now (a released reserve shows 0; its free units count in `general`).
        public var available: Int

        public init(pool: String, reserved: Int, taken: Int, held: Int, released: Bool, available: Int) {
            self.pool = pool
            self.reserved = reserved
            self.taken = taken
            self.held = held
            self.released = released
            self.available = available
        }
    }

    public struct Vehicle: Codable, Sendable, Equatable {
        public var plate: String
        public var kind: String
        public var category: String
        public var pool: String
        public var units: Int
        public var bookingReference: String
        /// `held` or `confirmed`.
        public var status: String

        public init(plate: String, kind: String, category: String, pool: String, units: Int, bookingReference: String, status: String) {
            self.plate = plate
            self.kind = kind
            self.category = category
            self.pool = pool
            self.units = units
            self.bookingReference = bookingReference
            self.status = status
        }
    }

    public init(sailingId: String, totalUnits: Int, residentReleaseAt: String, greenReleaseAt: String, pools: [Pool], vehicles: [Vehicle]) {
        self.sailingId = sailingId
        self.totalUnits = totalUnits
        self.residentReleaseAt = residentReleaseAt
        self.greenReleaseAt = greenReleaseAt
        self.pools = pools
        self.vehicles = vehicles
    }
}
