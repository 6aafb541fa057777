/// The kinds of identity document a real-name ticket can be issued against.
public enum DocumentType: String, Hashable, Sendable, Codable, CaseIterable {
    case residentId = "resident_id"
    case temporaryResidentId = "temporary_resident_id"
    case householdRegister = "household_register"
    case passport
    case hkMacauPermit = "hk_macau_permit"
    case taiwanPermit = "taiwan_permit"
    case foreignPermanentResident = "foreign_permanent_resident"

    /// Documents that carry the 18-character PRC citizen number, with its embedded birth date.
    public var usesCitizenNumber: Bool {
        switch self {
        case .residentId, .temporaryResidentId, .householdRegister: true
        default: false
        }
    }

    /// Whose identity a document names: the three documents of the citizen number name the
    /// same person, so they share one kind (`citizen`); every other document is its own.
    public var identityKind: String { self.usesCitizenNumber ? "citizen" : self.rawValue }
}

/// A checked identity: the normalised number and the birth date the fare is computed from.
public struct IdentityDocument: Hashable, Sendable {
    public let type: DocumentType
    public let number: String
    public let birthDate: LocalDate

    /// A document number as answers and messages show it: the first six and last four
    /// characters, enough for a clerk to match a card or a traveller to see which passenger
    /// is meant, not enough to copy an identity out of a response (or a proxy's log of it).
    public static func masked(_ number: String) -> String {
        guard number.count > 10 else { return String(repeating: "*", count: max(0, number.count - 2)) + number.suffix(2) }
        return number.prefix(6) + String(repeating: "*", count: number.count - 10) + number.suffix(4)
    }

    /// Validates a document as presented.
    ///
    /// For citizen numbers the birth date is read from the number (GB 11643); a `birthDate`
    /// sent alongside must agree with it. Other documents have no embedded date, so
    /// `birthDate` is required. Every failure is `invalid_id_number`.
    public init(type: DocumentType, number rawNumber: String, birthDate: LocalDate?, today: LocalDate) throws(FerryError) {
        let number = rawNumber.trimmed.upperCased
        self.type = type
        self.number = number
        if type.usesCitizenNumber {
            let embedded = try CitizenNumber.birthDate(of: number)
            if let birthDate, birthDate != embedded {
                throw FerryError(
                    .invalidIdNumber,
                    "The birth date \(birthDate) does not match the one in ID number \(IdentityDocument.masked(number))."
                )
            }
            self.birthDate = embedded
        } else {
            guard (3...20).contains(number.count),
                number.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
            else {
                throw FerryError(.invalidIdNumber, "A \(type.rawValue) number must be 3 to 20 letters or digits.")
            }
            guard let birthDate else {
                throw FerryError(.invalidIdNumber, "A \(type.rawValue) does not show the birth date: birthDate is required.")
            }
            self.birthDate = birthDate
        }
        guard self.birthDate <= today, self.birthDate.year >= 1900 else {
            throw FerryError(.invalidIdNumber, "The birth date \(self.birthDate) is impossible.")
        }
    }
}

/// The 18-character PRC citizen identity number (GB 11643-1999).
public enum CitizenNumber {
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// The check character GB 11643 assigns to the first 17 digits.
    public static func checkCharacter(for first17: some StringProtocol) -> Character? {
        let digits = first17.compactMap(\.wholeNumberValue)
        guard first17.count == 17, digits.count == 17, first17.allSatisfy(\.isASCII) else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// The birth date embedded in a valid number, or `invalid_id_number` saying what is wrong.
    public static func birthDate(of number: String) throws(FerryError) -> LocalDate {
        guard number.count == 18 else {
            throw FerryError(.invalidIdNumber, "A PRC ID number has 18 characters; \(IdentityDocument.masked(number)) has \(number.count).")
        }
        // Read as ASCII bytes: grapheme-by-grapheme work was most of a booking's validation.
        let bytes = Array(number.utf8)
        guard bytes.count == 18, bytes[0..<17].allSatisfy({ (48...57).contains($0) }) else {
            throw FerryError(.invalidIdNumber, "A PRC ID number is 17 digits followed by a digit or X.")
        }
        let sum = (0..<17).reduce(0) { $0 + Int(bytes[$1] - 48) * weights[$1] }
        guard bytes[17] == checkCharacters[sum % 11].asciiValue else {
            throw FerryError(.invalidIdNumber, "ID number \(IdentityDocument.masked(number)) fails its check character: it may be mistyped.")
        }
        func value(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        guard let date = LocalDate(year: value(6..<10), month: value(10..<12), day: value(12..<14)) else {
            throw FerryError(.invalidIdNumber, "ID number \(IdentityDocument.masked(number)) carries an impossible birth date.")
        }
        return date
    }
}
