import Foundation

/// A green-channel permit an operator registered for a plate (emergency, medical, fresh
/// produce, public service). It lets the vehicle draw on the green reserve on the days it
/// covers, `validFrom` and `validTo` both included.
public struct GreenPermit: Sendable, Equatable {
    public let id: String
    public let plate: String
    /// The permit's own number, as printed on it.
    public let permit: String
    public let validFrom: LocalDate
    public let validTo: LocalDate
    public let purpose: String?
    public let createdAt: Date
    public var revokedAt: Date?

    public init(
        id: String,
        plate: String,
        permit: String,
        validFrom: LocalDate,
        validTo: LocalDate,
        purpose: String?,
        createdAt: Date,
        revokedAt: Date? = nil
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

    /// Whether the permit lets the plate travel green on `date`.
    public func covers(_ date: LocalDate) -> Bool {
        self.revokedAt == nil && self.validFrom <= date && date <= self.validTo
    }

    /// Permit numbers are compared as printed, whatever the case and surrounding spaces.
    public static func normaliseNumber(_ number: String) -> String {
        number.trimmingCharacters(in: .whitespaces).uppercased()
    }

    /// Refuses a green vehicle unless its plate holds a permit on the travel date:
    /// `registered` are those permits' normalised numbers. A sale that names the permit must
    /// name one of them, so a mistyped or borrowed number is caught at the counter, not at the
    /// pier; a rebooking names none (a renewed permit may cover the new date).
    public static func require(_ registered: Set<String>, named permit: String?, plate: String, on date: LocalDate) throws(FerryError) {
        guard !registered.isEmpty else {
            throw FerryError(.greenPermitRequired, "\(plate) has no green-channel permit registered for \(date).")
        }
        if let permit, !permit.trimmingCharacters(in: .whitespaces).isEmpty, !registered.contains(Self.normaliseNumber(permit)) {
            throw FerryError(.greenPermitRequired, "Permit \(permit) is not registered for \(plate) on \(date).")
        }
    }
}

/// What a counter clerk saw before entering a person in the resident register.
public enum ResidentEvidence: String, Sendable, Codable, CaseIterable {
    /// 户口簿: a Shengsi household register.
    case householdRegister = "household_register"
    /// 居住证: a Shengsi residence permit.
    case residencePermit = "residence_permit"
}

/// A person a counter verified as a Shengsi resident although their ID was issued elsewhere
/// (the ID prefix is only where the card was first issued).
public struct ResidentEntry: Sendable, Equatable {
    public let id: String
    public let idType: DocumentType
    public let idNumber: String
    public let name: String
    public let evidence: ResidentEvidence
    /// The staff key that recorded it.
    public let recordedBy: String
    public let createdAt: Date

    public init(
        id: String,
        idType: DocumentType,
        idNumber: String,
        name: String,
        evidence: ResidentEvidence,
        recordedBy: String,
        createdAt: Date
    ) {
        self.id = id
        self.idType = idType
        self.idNumber = idNumber
        self.name = name
        self.evidence = evidence
        self.recordedBy = recordedBy
        self.createdAt = createdAt
    }

    /// The identity key (`IdentityDocument.key`) bookings match drivers by.
    public var identityKey: String { IdentityDocument.key(type: self.idType, number: self.idNumber) }
}
