import FerryAPI
import FerryClient
import FerryDomain
import Foundation

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

    /// Which way from a sailing a bare `HH:MM` is read.
    enum Reading {
        /// A new departure: from the scheduled departure on (23:30 delayed to 00:45 is the next day).
        case departure
        /// A decision time: up to the current departure (23:50 for a sailing delayed past
        /// midnight is the evening before).
        case decision
    }

    /// A time typed for a sailing ('YYYY-MM-DD HH:MM', RFC 3339, or `HH:MM`) as RFC 3339, or a
    /// usage error naming the flag. A bare `HH:MM` is taken on the day of the departure it
    /// is read from, or on the day next to it when that lies within 12 hours on the side
    /// `reading` looks to and the same day does not.
    static func time(_ text: String, flag: String, for sailing: SailingJSON, reading: Reading) throws -> String {
        let anchor = reading == .departure ? sailing.scheduledDeparture : sailing.departure
        guard let typed = Display.departure(text, on: String(anchor.prefix(10))) else {
            throw FerryClientError.usage("\(flag) \"\(text)\" is not a time: give HH:MM, 'YYYY-MM-DD HH:MM' or RFC 3339.")
        }
        // Without a day to read it on, only a bare HH:MM means nothing.
        let bare = Display.departure(text) == nil
        guard bare, let instant = LocalTime.parse(typed), let from = LocalTime.parse(anchor) else { return typed }
        let day: TimeInterval = 86_400
        let halfDay: TimeInterval = 12 * 3_600
        switch reading {
        case .departure where instant < from && (instant + day).timeIntervalSince(from) < halfDay: return LocalTime.format(instant + day)
        case .decision where instant > from && from.timeIntervalSince(instant - day) < halfDay: return LocalTime.format(instant - day)
        default: return typed
        }
    }

    /// An RFC 3339 departure moved by some minutes, still in local time.
    static func shift(_ rfc3339: String, minutes: Int) -> String? {
        LocalTime.parse(rfc3339).map { LocalTime.format($0.addingTimeInterval(Double(minutes) * 60)) }
    }
}
