/// How a passenger is priced and whether they take a seat.
public enum FareType: String, Hashable, Sendable, Codable, CaseIterable {
    /// 14 or older: the route fare of the class.
    case adult
    /// Under 14: half fare, with a seat.
    case child
    /// Under 6: no fare, no seat, one head; travels with a guardian of the same booking.
    case freeChild = "free_child"

    public var takesSeat: Bool { self != .freeChild }

    /// The fare for this type, from the route fare of the class (half rounded down to the fen).
    public func fare(routeFareFen: Int) -> Int {
        switch self {
        case .adult: routeFareFen
        case .child: routeFareFen / 2
        case .freeChild: 0
        }
    }
}

/// Which waterway test set the fare type: the document's age, or a height measured at a counter.
public enum FareBasis: String, Hashable, Sendable, Codable {
    case age
    case height
}

/// Ages and fare-type eligibility, counted on the local date of travel.
public enum FareRules {
    public static let adultAge = 14
    public static let freeChildAge = 6
    public static let guardianAge = 18
    public static let freeChildMaxHeightCm = 120
    public static let childMaxHeightCm = 150

    /// Completed years on `day`. A 29 February birthday turns over on 1 March in common years.
    public static func age(birthDate: LocalDate, on day: LocalDate) -> Int {
        let hadBirthday = (day.month, day.day) >= (birthDate.month, birthDate.day)
        return day.year - birthDate.year - (hadBirthday ? 0 : 1)
    }

    /// Checks a requested fare type against age and, when counter staff measured one, height.
    ///
    /// `adult` needs 14 or older; `child` under 14; `free_child` under 6 (a child under 6 may
    /// still take a seat as `child`). The height test can only lower a fare: it lets a minor
    /// older than those ages pass as `child` (≤ 150 cm) or `free_child` (≤ 120 cm), never the
    /// reverse; it does not apply from 18, the age of a guardian.
    /// - Returns: the test that justified the request.
    public static func check(requested: FareType, age: Int, heightCm: Int?) throws(FerryError) -> FareBasis {
        let ageLimit: Int
        let heightLimit: Int?
        switch requested {
        case .adult:
            ageLimit = Int.max
            heightLimit = nil
        case .child:
            ageLimit = adultAge
            heightLimit = childMaxHeightCm
        case .freeChild:
            ageLimit = freeChildAge
            heightLimit = freeChildMaxHeightCm
        }
        if requested == .adult ? age >= adultAge : age < ageLimit { return .age }
        // The waterway rule measures children: a grown passenger's height lowers nothing.
        if let heightCm, let heightLimit, age < guardianAge, heightCm <= heightLimit { return .height }
        let which: String
        switch requested {
        case .adult: which = "the adult fare is for passengers of \(adultAge) or older"
        case .child:
            which =
                "the child fare is for passengers under \(adultAge) (or, under \(guardianAge), up to \(childMaxHeightCm) cm measured at a counter)"
        case .freeChild:
            which =
                "free child tickets are for children under \(freeChildAge) (or, under \(guardianAge), up to \(freeChildMaxHeightCm) cm measured at a counter)"
        }
        throw FerryError(.childAgeMismatch, "The passenger is \(age) on the day of travel; \(which).")
    }
}
