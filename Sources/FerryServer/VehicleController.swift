import FerryAPI
import FerryDomain
import FerryEngine
import FerryStore
import Hummingbird

/// Green-channel permits (operators), the resident register (counters enter, operators
/// manage) and the deck view (counters).
struct VehicleController<Store: FerryStore> {
    let engine: Engine<Store>

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/v1/green-permits") { request, _ in
            _ = try await Caller.identify(request, engine: self.engine).require(.operator)
            let body = try await Wire.decode(CreateGreenPermitRequest.self, from: request)
            guard let from = LocalDate(body.validFrom), let to = LocalDate(body.validTo) else {
                throw FerryError(.validationFailed, "validFrom and validTo are dates (YYYY-MM-DD).")
            }
            let permit = try await self.engine.registerGreenPermit(
                plate: body.plate,
                permit: body.permit,
                validFrom: from,
                validTo: to,
                purpose: body.purpose
            )
            return try Wire.response(GreenPermitJSON(permit), status: .created)
        }
        router.get("/v1/green-permits") { request, _ in
            _ = try await Caller.identify(request, engine: self.engine).require(.operator)
            let permits = try await self.engine.greenPermits(plate: request.uri.queryParameters.get("plate"))
            return try Wire.response(permits.map(GreenPermitJSON.init))
        }
        router.delete("/v1/green-permits/:id") { request, context in
            _ = try await Caller.identify(request, engine: self.engine).require(.operator)
            return try Wire.response(GreenPermitJSON(try await self.engine.revokeGreenPermit(id: try context.parameters.require("id"))))
        }
        router.post("/v1/residents") { request, _ in
            let staff = try await Caller.identify(request, engine: self.engine).require(.counter)
            let body = try await Wire.decode(CreateResidentRequest.self, from: request)
            let entry = try await self.engine.registerResident(
                idType: try Wire.parse(body.idType, "idType", as: DocumentType.self),
                idNumber: body.idNumber,
                name: body.name,
                evidence: try Wire.parse(body.evidence, "evidence", as: ResidentEvidence.self),
                recordedBy: staff.id
            )
            return try Wire.response(ResidentJSON(entry), status: .created)
        }
        router.get("/v1/residents") { request, _ in
            _ = try await Caller.identify(request, engine: self.engine).require(.operator)
            return try Wire.response(try await self.engine.residents().map(ResidentJSON.init))
        }
        router.delete("/v1/residents/:id") { request, context in
            _ = try await Caller.identify(request, engine: self.engine).require(.operator)
            try await self.engine.removeResident(id: try context.parameters.require("id"))
            return Response(status: .noContent)
        }
        router.get("/v1/sailings/:id/deck") { request, context in
            _ = try await Caller.identify(request, engine: self.engine).require(.counter)
            let view = try await self.engine.deck(sailingId: try context.parameters.require("id"))
            return try Wire.response(DeckJSON(view), noStore: true)
        }
    }
}

extension GreenPermitJSON {
    init(_ p: GreenPermit) {
        self.init(
            id: p.id,
            plate: p.plate,
            permit: p.permit,
            validFrom: p.validFrom.description,
            validTo: p.validTo.description,
            purpose: p.purpose,
            createdAt: LocalTime.format(p.createdAt),
            revokedAt: p.revokedAt.map(LocalTime.format)
        )
    }
}

extension ResidentJSON {
    init(_ e: ResidentEntry) {
        self.init(
            id: e.id,
            idType: e.idType.rawValue,
            idNumber: IdentityDocument.masked(e.idNumber),
            name: e.name,
            evidence: e.evidence.rawValue,
            recordedBy: e.recordedBy,
            createdAt: LocalTime.format(e.createdAt)
        )
    }
}

extension DeckJSON {
    init(_ v: DeckView) {
        self.init(
            sailingId: v.sailing.id,
            totalUnits: v.deck.totalUnits,
            residentReleaseAt: LocalTime.format(v.deck.residentReleaseAt),
            greenReleaseAt: LocalTime.format(v.deck.greenReleaseAt),
            pools: VehiclePool.allCases.map { pool in
                Pool(
                    pool: pool.rawValue,
                    reserved: v.deck.reserves[pool],
                    taken: v.taken[pool],
                    held: v.held[pool],
                    released: pool == .green ? v.greenReleased : pool == .resident ? v.residentReleased : false,
                    available: v.available[pool]
                )
            },
            vehicles: v.vehicles.map {
                Vehicle(
                    plate: $0.vehicle.plate,
                    kind: $0.vehicle.kind.rawValue,
                    category: $0.vehicle.category.rawValue,
                    pool: $0.vehicle.pool.rawValue,
                    units: $0.vehicle.units,
                    bookingReference: $0.bookingReference,
                    status: $0.confirmed ? "confirmed" : "held"
                )
            }
        )
    }
}
