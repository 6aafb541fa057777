import Foundation

/// Turns recurring timetables into dated sailings.
public enum Materialiser {
    /// The last local date that must have sailings at `now`: today + the longest sales window + 1,
    /// so a sailing exists before the instant it goes on sale.
    public static func horizon(now: Date, routes: [Route]) -> LocalDate {
        LocalTime.date(of: now).adding(days: (routes.map(\.salesOpenDays).max() ?? 0) + 1)
    }

    /// The sailings `timetables` run after `now` through the local date `horizon`: none that
    /// has already left (a server that was down, a timetable set after its hour today), which
    /// nobody could have sailed on.
    public static func sailings(timetables: [Timetable], after now: Date, through horizon: LocalDate) -> [Sailing] {
        var result: [Sailing] = []
        var day = LocalTime.date(of: now)
        while day <= horizon {
            for t in timetables where t.runs(on: day) {
                let departure = LocalTime.instant(day, minuteOfDay: t.departureMinute)
                guard departure > now else { continue }
                var sailing = Sailing(
                    id: Sailing.makeId(routeId: t.routeId, scheduledDeparture: departure),
                    routeId: t.routeId,
                    scheduledDeparture: departure,
                    departure: departure,
                    vesselId: t.vesselId,
                    status: .scheduled
                )
                sailing.timetableId = t.id
                result.append(sailing)
            }
            day = day.adding(days: 1)
        }
        return result
    }
}
