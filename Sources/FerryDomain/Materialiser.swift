import Foundation

/// Turns recurring timetables into dated sailings.
public enum Materialiser {
    /// The last local date that must have sailings at `now`: today + the longest sales window + 1,
    /// so a sailing exists before the instant it goes on sale.
    public static func horizon(now: Date, routes: [Route]) -> LocalDate {
        LocalTime.date(of: now).adding(days: (routes.map(\.salesOpenDays).max() ?? 0) + 1)
    }

    /// The sailings `timetables` run on each date of `dates`.
    public static func sailings(
        timetables: [Timetable],
        dates: ClosedRange<LocalDate>
    ) -> [Sailing] {
        var result: [Sailing] = []
        var day = dates.lowerBound
        while day <= dates.upperBound {
            for t in timetables where t.runs(on: day) {
                let departure = LocalTime.instant(day, minuteOfDay: t.departureMinute)
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
