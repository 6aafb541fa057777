/// A passenger as asked for, before any rule is applied.
public struct PassengerRequest: Sendable, Equatable {
    public var name: String
    public var idType: DocumentType
    public var idNumber: String
    public var birthDate: LocalDate?
    public var fareType: FareType
    public var seatClass: SeatClass?
    public var guardian: Int?
    public var heightCm: Int?

    public init(
        name: String,
        idType: DocumentType,
        idNumber: String,
        birthDate: LocalDate? = nil,
        fareType: FareType,
        seatClass: SeatClass? = nil,
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

/// A vehicle as asked for.
public struct VehicleRequest: Sendable, Equatable {
    public var plate: String
    public var kind: VehicleKind
    public var category: VehicleCategory
    public var driver: Int
    public var permit: String?

    public init(plate: String, kind: VehicleKind, category: VehicleCategory, driver: Int, permit: String? = nil) {
        self.plate = plate
        self.kind = kind
        self.category = category
        self.driver = driver
        self.permit = permit
    }
}

/// A whole booking as asked for, and by whom.
public struct BookingRequest: Sendable, Equatable {
    public var sailingId: String
    public var passengers: [PassengerRequest]
    public var vehicles: [VehicleRequest]
    public var phone: String?
    public var channel: SalesChannel

    public init(sailingId: String, passengers: [PassengerRequest], vehicles: [VehicleRequest] = [], phone: String? = nil, channel: SalesChannel) {
        self.sailingId = sailingId
        self.passengers = passengers
        self.vehicles = vehicles
        self.phone = phone
        self.channel = channel
    }
}
