import FerryAPI
import FerryDomain
import FerryEngine
import FerryStore
import Hummingbird

/// Timetables (operators): list, create or change; sailings follow.
struct TimetableController<Store: FerryStore> {
    let engine: Engine<Store>

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("/v1/timetables") { request, _ in
            _ = try await Caller.identify(request, engine: self.engine).require(.operator)
            return try Wire.response(try await self.engine.timetables().map(TimetableJSON.init))
        }
        router.post("/v1/timetables") { request, _ in
            _ = try await Caller.identify(request, engine: self.engine).require(.operator)
            let body = try await Wire.decode(TimetableJSON.self, from: request)
            let change = try await self.engine.setTimetable(try body.domain())
            return try Wire.response(
                TimetableChangeJSON(
                    timetable: TimetableJSON(change.timetable),
                    added: change.added,
                    removed: change.removed,
                    keptWithBookings: change.keptWithBookings
                ),
                status: .ok
            )
        }
    }
}

extension TimetableJSON {
    init(_ t: Timetable) {
        self.init(
            id: t.id,
            routeId: t.routeId,
            daysOfWeek: t.daysOfWeek.sorted(),
            departure: LocalTime.hhmm(t.departureMinute),
            vessel: t.vesselId,
            validFrom: t.validFrom.description,
            validTo: t.validTo?.description
        )
    }

    func domain() throws(FerryError) -> Timetable {
        guard let minute = LocalTime.minuteOfDay(hhmm: self.departure) else {
            throw FerryError(.validationFailed, "departure \"\(self.departure)\" is not a local time HH:MM.")
        }
        guard let from = LocalDate(self.validFrom) else { throw FerryError(.validationFailed, "validFrom is a date (YYYY-MM-DD).") }
        var to: LocalDate? = nil
        if let raw = self.validTo {
            guard let d = LocalDate(raw) else { throw FerryError(.validationFailed, "validTo is a date (YYYY-MM-DD) or null.") }
            to = d
        }
        let id = self.id ?? "\(self.routeId)-" + LocalTime.hhmm(minute).replacingOccurrences(of: ":", with: "")
        guard (1...64).contains(id.count) else { throw FerryError(.validationFailed, "id must be 1 to 64 characters.") }
        return Timetable(
            id: id,
            routeId: self.routeId,
            daysOfWeek: Set(self.daysOfWeek),
            departureMinute: minute,
            vesselId: self.vessel,
            validFrom: from,
            validTo: to
        )
    }
}
