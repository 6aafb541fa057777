import FerryAPI
import FerryDomain
import FerryEngine
import FerryStore
import Hummingbird

/// Public reads: health, the network, and sailings with availability.
struct NetworkController<Store: FerryStore> {
    let engine: Engine<Store>

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/v1/health") { _, _ in try Wire.response(HealthJSON(status: "ok")) }
        router.get("/v1/ports") { _, _ in
            try Wire.response(
                try await self.engine.network().ports.map { PortJSON(code: $0.code, name: $0.name, nameZh: $0.nameZh, island: $0.island) }
            )
        }
        router.get("/v1/routes") { _, _ in
            try Wire.response(
                try await self.engine.network().routes.map { r in
                    RouteJSON(
                        id: r.id,
                        from: r.from,
                        to: r.to,
                        durationMinutes: r.durationMinutes,
                        salesOpenDays: r.salesOpenDays,
                        fares: Dictionary(uniqueKeysWithValues: r.fares.map { ($0.key.rawValue, $0.value) }),
                        vehicleFares: Dictionary(uniqueKeysWithValues: r.vehicleFares.map { ($0.key.rawValue, $0.value) })
                    )
                }
            )
        }
        router.get("/v1/sailings") { request, _ in
            let query = request.uri.queryParameters
            guard let from = query.get("from"), !from.isEmpty, let to = query.get("to"), !to.isEmpty else {
                throw FerryError(.validationFailed, "Search needs from and to: port codes (XCY) or island codes (SIJIAO).")
            }
            var date: LocalDate? = nil
            if let raw = query.get("date") {
                guard let d = LocalDate(raw) else { throw FerryError(.validationFailed, "date \"\(raw)\" is not a date (YYYY-MM-DD).") }
                date = d
            }
            return try Wire.response(try await self.engine.search(from: from, to: to, date: date).map(SailingJSON.init))
        }
        router.get("/v1/sailings/:id") { _, context in
            let id = try context.parameters.require("id")
            return try Wire.response(SailingJSON(try await self.engine.sailing(id: id)))
        }
    }
}
