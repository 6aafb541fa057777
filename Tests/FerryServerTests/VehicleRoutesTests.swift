import FerryAPI
import FerryTestSupport
import Foundation
import HummingbirdTesting
import Testing

@Suite struct VehicleRoutesTests {
    static let sailing = "SJW-LZS-20261201-1400"

    static func carBooking(n: Int, category: String, idNumber: String? = nil) -> String {
        let id = idNumber ?? TestData.adultId(n)
        return
            #"{"sailingId":"\#(sailing)","passengers":[{"name":"司机","idType":"resident_id","idNumber":"\#(id)","fareType":"adult"}],"vehicles":[{"plate":"浙L8\#(n)","kind":"van","category":"\#(category)","driver":0}]}"#
    }

    @Test func permitsResidentsAndTheDeck() async throws {
        try await withServer { c in
            let counter = try await c.createKey(role: "counter")
            let dispatcher = try await c.createKey(role: "operator")
            let permitBody = #"{"plate":"浙L81","permit":"ZS-GC-0042","validFrom":"2026-11-01","validTo":"2026-12-01","purpose":"medical supplies"}"#

            #expect(try await c.request(.post, "/v1/green-permits", json: permitBody, bearer: counter).status == .forbidden)
            let refused = try await c.request(.post, "/v1/bookings", json: Self.carBooking(n: 1, category: "green"))
            #expect(try c.problem(refused).code == "green_permit_required")
            let created = try await c.request(.post, "/v1/green-permits", json: permitBody, bearer: dispatcher)
            #expect(created.status == .created)
            let permit = try c.decode(GreenPermitJSON.self, created)
            #expect(permit.plate == "浙L81")
            #expect(try await c.request(.post, "/v1/bookings", json: Self.carBooking(n: 1, category: "green")).status == .created)
            let listed = try c.decode([GreenPermitJSON].self, try await c.request(.get, "/v1/green-permits?plate=浙L81", bearer: dispatcher))
            #expect(listed == [permit])
            let bad = try await c.request(
                .post,
                "/v1/green-permits",
                json: #"{"plate":"浙L81","permit":"x","validFrom":"2026-12-02","validTo":"2026-12-01"}"#,
                bearer: dispatcher
            )
            #expect(bad.status == .unprocessableContent)
            let revoked = try c.decode(GreenPermitJSON.self, try await c.request(.delete, "/v1/green-permits/\(permit.id)", bearer: dispatcher))
            #expect(revoked.revokedAt != nil)
            #expect(try await c.request(.delete, "/v1/green-permits/GPNOSUCH", bearer: dispatcher).status == .notFound)

            let notResident = try await c.request(.post, "/v1/bookings", json: Self.carBooking(n: 2, category: "resident"))
            #expect(try c.problem(notResident).code == "not_a_resident")
            let residentBody = #"{"idType":"resident_id","idNumber":"\#(TestData.adultId(2))","name":"旅客二","evidence":"household_register"}"#
            #expect(try await c.request(.post, "/v1/residents", json: residentBody).status == .unauthorized)
            let entry = try c.decode(ResidentJSON.self, try await c.request(.post, "/v1/residents", json: residentBody, bearer: counter))
            #expect(entry.evidence == "household_register")
            #expect(try await c.request(.post, "/v1/bookings", json: Self.carBooking(n: 2, category: "resident")).status == .created)
            let badEvidence = try await c.request(
                .post,
                "/v1/residents",
                json: #"{"idType":"resident_id","idNumber":"\#(TestData.adultId(3))","name":"x","evidence":"hearsay"}"#,
                bearer: counter
            )
            #expect(badEvidence.status == .unprocessableContent)
            #expect(try await c.request(.get, "/v1/residents", bearer: counter).status == .forbidden)
            #expect(try c.decode([ResidentJSON].self, try await c.request(.get, "/v1/residents", bearer: dispatcher)).map(\.id) == [entry.id])
            #expect(try await c.request(.delete, "/v1/residents/\(entry.id)", bearer: dispatcher).status == .noContent)
            #expect(try await c.request(.delete, "/v1/residents/\(entry.id)", bearer: dispatcher).status == .notFound)

            #expect(try await c.request(.get, "/v1/sailings/\(Self.sailing)/deck").status == .unauthorized)
            let deck = try c.decode(DeckJSON.self, try await c.request(.get, "/v1/sailings/\(Self.sailing)/deck", bearer: counter))
            #expect(deck.totalUnits == 30)
            #expect(deck.residentReleaseAt == "2026-11-30T14:00:00+08:00")
            #expect(deck.greenReleaseAt == "2026-12-01T12:00:00+08:00")
            #expect(deck.pools.map(\.pool) == ["green", "resident", "general"])
            #expect(deck.pools.map(\.held) == [2, 2, 0])
            #expect(deck.pools.map(\.available) == [4, 7, 15])
            #expect(Set(deck.vehicles.map(\.plate)) == ["浙L81", "浙L82"])
            // A passenger-only boat: a deck of no units, nothing free, nobody on it.
            let passengerBoat = try c.decode(
                DeckJSON.self,
                try await c.request(.get, "/v1/sailings/\(ServerClient.smallSailing)/deck", bearer: counter)
            )
            #expect(passengerBoat.totalUnits == 0 && passengerBoat.vehicles.isEmpty)
            #expect(passengerBoat.pools.map(\.reserved) == [0, 0, 0] && passengerBoat.pools.map(\.available) == [0, 0, 0])
            #expect(try await c.request(.get, "/v1/sailings/XCY-LHA-20261130-0841/deck", bearer: counter).status == .notFound)
        }
    }
}
