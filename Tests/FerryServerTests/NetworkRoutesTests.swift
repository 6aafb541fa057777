import FerryAPI
import FerryTestSupport
import Foundation
import HummingbirdTesting
import Testing

@Suite struct NetworkRoutesTests {
    @Test func healthPortsAndRoutes() async throws {
        try await withServer { c in
            let health = try await c.request(.get, "/v1/health")
            #expect(health.status == .ok)
            #expect(try c.decode(HealthJSON.self, health).status == "ok")
            let ports = try c.decode([PortJSON].self, try await c.request(.get, "/v1/ports"))
            #expect(ports.filter { $0.island == "SIJIAO" }.map(\.code).sorted() == ["LZS", "XCY"])
            let routes = try c.decode([RouteJSON].self, try await c.request(.get, "/v1/routes"))
            let roro = try #require(routes.first { $0.id == "SJW-LZS" })
            #expect(roro.vehicleFares["car"] == 20000)
            #expect(roro.salesOpenDays == 60)
        }
    }

    @Test func searchByIslandAndOneSailing() async throws {
        try await withServer { c in
            let r = try await c.request(.get, "/v1/sailings?from=SJW&to=SIJIAO&date=2026-11-30")
            #expect(r.status == .ok)
            let sailings = try c.decode([SailingJSON].self, r)
            #expect(Set(sailings.map(\.to)) == ["XCY", "LZS"])
            let roro = try #require(sailings.first { $0.id == ServerClient.roroSailing })
            #expect(roro.departure == "2026-11-30T14:00:00+08:00")
            #expect(roro.arrival == "2026-11-30T16:10:00+08:00")
            #expect(roro.salesOpenAt == "2026-10-01T14:00:00+08:00")
            #expect(roro.headcount == .init(certified: 480, available: 480))
            #expect(roro.vehicles?.totalUnits == 30)
            // 29 Nov 10:00 is more than 24 h before: all three pools still apart.
            #expect(roro.vehicles?.available == .init(green: 6, resident: 9, general: 15))
            let fast = try #require(sailings.first { $0.vessel.id == "sijiao-kuai-1" })
            #expect(fast.vehicles == nil)
            #expect(fast.seats.map(\.class) == ["economy", "business"])

            let one = try await c.request(.get, "/v1/sailings/\(ServerClient.roroSailing)")
            #expect(try c.decode(SailingJSON.self, one) == roro)
            let raw = String(buffer: try await c.request(.get, "/v1/sailings/\(ServerClient.smallSailing)").body)
            #expect(raw.contains(#""vehicles":null"#))
        }
    }

    @Test func searchErrors() async throws {
        try await withServer { c in
            #expect(try c.problem(try await c.request(.get, "/v1/sailings?from=SJW")).code == "validation_failed")
            #expect(try c.problem(try await c.request(.get, "/v1/sailings?from=SJW&to=XCY&date=2026-02-30")).status == 422)
            #expect(try c.problem(try await c.request(.get, "/v1/sailings?from=ATLANTIS&to=XCY")).status == 422)
            let missing = try await c.request(.get, "/v1/sailings/XCY-LHA-20990101-0840")
            #expect(missing.status == .notFound)
            #expect(try c.problem(missing).code == "not_found")
            #expect(try await c.request(.get, "/v1/nowhere").status == .notFound)
        }
    }
}
