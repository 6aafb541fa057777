import FerryDomain
import FerryEngine
import FerryStore
import FerryTestSupport
import Foundation

/// An engine over a temp-file database (a real `DatabasePool`, as in production), seeded
/// with the demo network at `TestData.now`.
struct EngineFixture {
    let directory: String
    let clock: ManualClock
    let engine: Engine<GRDBStore>

    init(policy: Policy = Policy()) async throws {
        self.directory = TestData.scratchDirectory()
        self.clock = ManualClock(TestData.now)
        let store = try GRDBStore(path: self.directory + "/ferry.sqlite")
        self.engine = Engine(store: store, signer: try .ephemeral(), clock: self.clock, policy: policy)
        try await self.engine.bootstrap(adminKey: nil)
    }

    func cleanUp() { TestData.remove(self.directory) }

    /// The 50-seat, 56-person Lühua ferry, tomorrow 08:40.
    static let smallSailing = "XCY-LHA-20261130-0840"
    /// The ro-ro 舟桥7 (30 deck units), tomorrow 14:00.
    static let roroSailing = "SJW-LZS-20261130-1400"

    static func adult(_ n: Int) -> PassengerRequest {
        PassengerRequest(name: "旅客\(n)", idType: .residentId, idNumber: TestData.adultId(n), fareType: .adult)
    }

    static func freeChild(_ n: Int, guardian: Int) -> PassengerRequest {
        PassengerRequest(
            name: "儿童\(n)",
            idType: .householdRegister,
            idNumber: TestData.citizenId(n, birth: "20230301"),
            fareType: .freeChild,
            guardian: guardian
        )
    }

    func book(
        _ passengers: [PassengerRequest],
        sailing: String = smallSailing,
        vehicles: [VehicleRequest] = [],
        channel: SalesChannel = .online
    )
        async throws -> Booking
    {
        try await self.engine.book(BookingRequest(sailingId: sailing, passengers: passengers, vehicles: vehicles, channel: channel)).booking
    }
}

extension Error {
    /// The domain code of a refusal, nil for anything else.
    var ferryCode: FerryError.Code? { (self as? FerryError)?.code }
}

extension Array {
    /// The one element, nil when there are none or several.
    var only: Element? { self.count == 1 ? self.first : nil }
}
