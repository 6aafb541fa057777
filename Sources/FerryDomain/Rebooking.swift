/// How a passenger travels on another sailing: the fare type the age allows on the new date,
/// the class, and the fare of the new route.
public enum Rebooking {
    /// Reprices `p` for travel on `travelDate`.
    ///
    /// The fare type is kept while the age (or a counter's height measurement) still allows
    /// it; a free child who has turned 6 moves up to `child`, and a child who has turned 14 to
    /// `adult`, with a seat. The class is kept unless `seatClass` asks for another. A free
    /// child who stays free keeps its guardian; the caller checks the guardian moves too.
    public static func reprice(
        _ p: BookedPassenger,
        route: Route,
        vessel: Vessel,
        travelDate: LocalDate,
        seatClass requested: SeatClass?
    ) throws(FerryError) -> (fareType: FareType, basis: FareBasis, seatClass: SeatClass?, fareFen: Int) {
        let age = FareRules.age(birthDate: p.birthDate, on: travelDate)
        // Keep the type while it fits; else the nearest that does. An adult moved to an
        // earlier date may be 13 again and pays the child fare.
        let candidates: [FareType]
        switch p.fareType {
        case .freeChild: candidates = [.freeChild, .child, .adult]
        case .child: candidates = [.child, .adult]
        case .adult: candidates = [.adult, .child]
        }
        var chosen: (FareType, FareBasis)? = nil
        for candidate in candidates {
            if let basis = try? FareRules.check(requested: candidate, age: age, heightCm: p.heightCm) {
                chosen = (candidate, basis)
                break
            }
        }
        guard let (fareType, basis) = chosen else {
            throw FerryError(.childAgeMismatch, "Passenger \(p.index) fits no fare type on \(travelDate).")
        }
        guard fareType.takesSeat else { return (fareType, basis, nil, 0) }
        let seatClass = requested ?? p.seatClass ?? .economy
        guard vessel.seats[seatClass, default: 0] > 0, let routeFare = route.fares[seatClass] else {
            throw FerryError(.seatClassUnavailable, "\(vessel.name) has no \(seatClass.rawValue) class on the new sailing.")
        }
        return (fareType, basis, seatClass, fareType.fare(routeFareFen: routeFare))
    }
}
