/// `POST /v1/checkin`: one code (optionally with the gate's sailing), several codes boarded
/// together, or an identity document swiped at the gate with the sailing.
public struct CheckinRequestJSON: Codable, Sendable {
    public var code: String?
    public var codes: [String]?
    public var sailingId: String?
    public var idType: String?
    public var idNumber: String?

    public init(code: String? = nil, codes: [String]? = nil, sailingId: String? = nil, idType: String? = nil, idNumber: String? = nil) {
        self.code = code
        self.codes = codes
        self.sailingId = sailingId
        self.idType = idType
        self.idNumber = idNumber
    }
}

/// A ticket a gate has just boarded, or one listed in a manifest: the passenger, the seat,
/// and the guardian link of a free child.
public struct BoardedTicketJSON: Codable, Sendable, Equatable {
    public var ticketId: String
    public var status: String
    public var sailingId: String
    public var bookingReference: String
    public var passengerIndex: Int
    public var name: String
    public var idType: String
    /// Masked: first six and last four characters.
    public var idNumber: String
    public var fareType: String
    /// `age` or `height`: which test set the fare type.
    public var fareBasis: String
    public var seatClass: String?
    public var guardianTicketId: String?
    public var boardedAt: String?
    public var boardedBy: String?

    public init(
        ticketId: String,
        status: String,
        sailingId: String,
        bookingReference: String,
        passengerIndex: Int,
        name: String,
        idType: String,
        idNumber: String,
        fareType: String,
        fareBasis: String,
        seatClass: String?,
        guardianTicketId: String?,
        boardedAt: String?,
        boardedBy: String?
    ) {
        self.ticketId = ticketId
        self.status = status
        self.sailingId = sailingId
        self.bookingReference = bookingReference
        self.passengerIndex = passengerIndex
        self.name = name
        self.idType = idType
        self.idNumber = idNumber
        self.fareType = fareType
        self.fareBasis = fareBasis
        self.seatClass = seatClass
        self.guardianTicketId = guardianTicketId
        self.boardedAt = boardedAt
        self.boardedBy = boardedBy
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.ticketId, forKey: .ticketId)
        try c.encode(self.status, forKey: .status)
        try c.encode(self.sailingId, forKey: .sailingId)
        try c.encode(self.bookingReference, forKey: .bookingReference)
        try c.encode(self.passengerIndex, forKey: .passengerIndex)
        try c.encode(self.name, forKey: .name)
        try c.encode(self.idType, forKey: .idType)
        try c.encode(self.idNumber, forKey: .idNumber)
        try c.encode(self.fareType, forKey: .fareType)
        try c.encode(self.fareBasis, forKey: .fareBasis)
        try c.encode(self.seatClass, forKey: .seatClass)
        try c.encode(self.guardianTicketId, forKey: .guardianTicketId)
        try c.encode(self.boardedAt, forKey: .boardedAt)
        try c.encode(self.boardedBy, forKey: .boardedBy)
    }
}

/// `GET /v1/keys/ticket-signing`: what a gate needs to verify codes offline.
public struct TicketSigningKeyJSON: Codable, Sendable, Equatable {
    public var keyId: String
    public var algorithm: String
    /// SubjectPublicKeyInfo PEM, for `openssl pkeyutl -verify`.
    public var pem: String
    /// The raw 32-byte public key, base64url without padding.
    public var publicKey: String

    public init(keyId: String, algorithm: String, pem: String, publicKey: String) {
        self.keyId = keyId
        self.algorithm = algorithm
        self.pem = pem
        self.publicKey = publicKey
    }
}

/// `GET /v1/sailings/{id}/gate-list`: the lists an offline gate boards from.
public struct GateListJSON: Codable, Sendable, Equatable {
    public var sailingId: String
    public var status: String
    public var departure: String
    public var boardingOpensAt: String
    public var keyId: String
    public var publicKey: String
    public var valid: [Entry]
    public var boarded: [String]
    /// Refunded and superseded tickets: their signatures are good but they must be refused.
    public var revoked: [String]

    public struct Entry: Codable, Sendable, Equatable {
        public var ticketId: String
        public var fareType: String
        public var seatClass: String?
        public var guardianTicketId: String?

        public init(ticketId: String, fareType: String, seatClass: String?, guardianTicketId: String?) {
            self.ticketId = ticketId
            self.fareType = fareType
            self.seatClass = seatClass
            self.guardianTicketId = guardianTicketId
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(self.ticketId, forKey: .ticketId)
            try c.encode(self.fareType, forKey: .fareType)
            try c.encode(self.seatClass, forKey: .seatClass)
            try c.encode(self.guardianTicketId, forKey: .guardianTicketId)
        }
    }

    public init(
        sailingId: String,
        status: String,
        departure: String,
        boardingOpensAt: String,
        keyId: String,
        publicKey: String,
        valid: [Entry],
        boarded: [String],
        revoked: [String]
    ) {
        self.sailingId = sailingId
        self.status = status
        self.departure = departure
        self.boardingOpensAt = boardingOpensAt
        self.keyId = keyId
        self.publicKey = publicKey
        self.valid = valid
        self.boarded = boarded
        self.revoked = revoked
    }
}

/// `POST /v1/checkin/offline-scans`.
public struct OfflineScansRequestJSON: Codable, Sendable {
    public var gateId: String
    public var scans: [Scan]

    public struct Scan: Codable, Sendable {
        public var code: String
        /// When the gate boarded the passenger (RFC 3339 with offset).
        public var scannedAt: String
        public init(code: String, scannedAt: String) {
            self.code = code
            self.scannedAt = scannedAt
        }
    }

    public init(gateId: String, scans: [Scan]) {
        self.gateId = gateId
        self.scans = scans
    }
}

/// One uploaded scan and what the server made of it: `boarded`, `conflict` or `invalid`.
public struct OfflineScanResultJSON: Codable, Sendable, Equatable {
    public var ticketId: String
    public var scannedAt: String
    public var outcome: String
    public var detail: String
    public var uploadedAt: String

    public init(ticketId: String, scannedAt: String, outcome: String, detail: String, uploadedAt: String) {
        self.ticketId = ticketId
        self.scannedAt = scannedAt
        self.outcome = outcome
        self.detail = detail
        self.uploadedAt = uploadedAt
    }
}

/// `GET /v1/sailings/{id}/manifest`: every ticketed person and the totals the waterway rules ask for.
public struct ManifestJSON: Codable, Sendable, Equatable {
    public var sailingId: String
    public var status: String
    public var departure: String
    public var vessel: SailingJSON.VesselRef
    public var passengers: [BoardedTicketJSON]
    public var totals: Totals

    public struct Totals: Codable, Sendable, Equatable {
        public var adult: Int
        public var child: Int
        public var freeChild: Int
        /// Every person aboard, free children included: the real-name count.
        public var persons: Int
        public var seated: Int
        public var boarded: Int

        public init(adult: Int, child: Int, freeChild: Int, persons: Int, seated: Int, boarded: Int) {
            self.adult = adult
            self.child = child
            self.freeChild = freeChild
            self.persons = persons
            self.seated = seated
            self.boarded = boarded
        }
    }

    public init(sailingId: String, status: String, departure: String, vessel: SailingJSON.VesselRef, passengers: [BoardedTicketJSON], totals: Totals)
    {
        self.sailingId = sailingId
        self.status = status
        self.departure = departure
        self.vessel = vessel
        self.passengers = passengers
        self.totals = totals
    }
}
