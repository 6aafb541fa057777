/// What is taken on a sailing by confirmed bookings and live holds.
public struct Occupancy: Sendable, Equatable {
    public var seats: [SeatClass: Int]
    public var heads: Int
    public var deck: PoolUnits

    public init(seats: [SeatClass: Int] = [:], heads: Int = 0, deck: PoolUnits = PoolUnits()) {
        self.seats = seats
        self.heads = heads
        self.deck = deck
    }

    /// Refuses with `sold_out` unless `seats` and `heads` fit on `vessel` beside what is taken.
    public func checkRoom(seats wantedSeats: [SeatClass: Int], heads: Int, on vessel: Vessel) throws(FerryError) {
        for (seatClass, wanted) in wantedSeats.sorted(by: { $0.key < $1.key }) {
            let left = vessel.seats[seatClass, default: 0] - self.seats[seatClass, default: 0]
            guard wanted <= left else {
                throw FerryError(.soldOut, "Only \(max(0, left)) \(seatClass.rawValue) seat(s) left on this sailing; \(wanted) asked.")
            }
        }
        let headsLeft = vessel.certifiedHeadcount - self.heads
        guard heads <= headsLeft else {
            throw FerryError(.soldOut, "The sailing is at its certified headcount: \(max(0, headsLeft)) place(s) left, \(heads) asked.")
        }
    }
}
