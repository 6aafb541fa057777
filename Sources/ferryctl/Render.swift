import FerryAPI
import FerryClient
import FerryDomain

/// Text for the answers operators read.
enum Render {
    static func sailing(_ s: SailingJSON) -> String {
        var lines = [
            "\(s.id)  \(s.from) → \(s.to)  \(Display.status(s))",
            "departs  \(Display.time(s.departure))" + (s.departure == s.scheduledDeparture ? "" : " (was \(Display.time(s.scheduledDeparture)))"),
            "arrives  \(Display.time(s.arrival))",
            "vessel   \(s.vessel.name) (\(s.vessel.id))",
            "people   \(s.headcount.available) of \(s.headcount.certified) places left",
            "seats    " + s.seats.map { "\($0.class) \($0.available)/\($0.total) at \(Display.money($0.fareFen))" }.joined(separator: ", "),
        ]
        if let v = s.vehicles {
            lines.append(
                "vehicles green \(v.available.green), resident \(v.available.resident), general \(v.available.general) of \(v.totalUnits) units"
            )
        }
        return lines.joined(separator: "\n")
    }

    static func change(_ c: ScheduleChangeJSON) -> String {
        let s = c.sailing
        let what: String
        switch c.notice.type {
        case "delayed": what = "delayed to \(Display.time(s.departure))"
        case "weather_pending": what = "weather pending; decision at \(c.notice.decisionAt.map(Display.time) ?? "?")"
        case "resumed": what = "sails after all, departing \(Display.time(s.departure))"
        case "cancelled": what = "cancelled"
        case "vessel_changed": what = "now sails with \(s.vessel.name) (\(s.vessel.id))"
        default: what = c.notice.type
        }
        let reason = c.notice.reason.map { " (\($0))" } ?? ""
        let affected = c.notice.affectedBookings
        return "\(s.id) \(what)\(reason). Notice #\(c.notice.seq) published; \(affected) booking\(affected == 1 ? "" : "s") affected."
    }

    /// A time typed for a sailing (`HH:MM` on its scheduled date, 'YYYY-MM-DD HH:MM' or RFC
    /// 3339) as RFC 3339, or a usage error naming the flag.
    static func time(_ text: String, flag: String, on sailing: SailingJSON) throws -> String {
        guard let time = Display.departure(text, on: String(sailing.scheduledDeparture.prefix(10))) else {
            throw FerryClientError.usage("\(flag) \"\(text)\" is not a time: give HH:MM, 'YYYY-MM-DD HH:MM' or RFC 3339.")
        }
        return time
    }

    /// An RFC 3339 departure moved by some minutes, still in local time.
    static func shift(_ rfc3339: String, minutes: Int) -> String? {
        LocalTime.parse(rfc3339).map { LocalTime.format($0.addingTimeInterval(Double(minutes) * 60)) }
    }
}
