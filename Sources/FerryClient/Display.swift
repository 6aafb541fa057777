import FerryAPI
import FerryDomain
import Foundation

/// How the tools show things to people: local Asia/Shanghai times, yuan, aligned tables.
public enum Display {
    /// `2026-11-30T07:30:00+08:00` → `2026-11-30 07:30`, in local time whatever offset was sent.
    public static func time(_ rfc3339: String) -> String {
        guard let instant = LocalTime.parse(rfc3339) else { return rfc3339 }
        return "\(LocalTime.date(of: instant)) \(LocalTime.hhmm(LocalTime.minuteOfDay(of: instant)))"
    }

    /// `2026-11-30T07:30:00+08:00` → `07:30`.
    public static func clock(_ rfc3339: String) -> String {
        guard let instant = LocalTime.parse(rfc3339) else { return rfc3339 }
        return LocalTime.hhmm(LocalTime.minuteOfDay(of: instant))
    }

    /// Fen as yuan with two decimals: `12050` → `¥120.50`, `-300` → `-¥3.00`.
    public static func money(_ fen: Int) -> String {
        let sign = fen < 0 ? "-" : ""
        let cents = abs(fen) % 100
        return "\(sign)¥\(abs(fen) / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// The sentence for a refund just made: how much came back and where it goes, one way
    /// or each way its share (nowhere, for a free child's ticket), and the fee kept.
    public static func refunded(_ r: RefundResultJSON) -> String {
        // This refund's entries: one per way the money was paid, all made at one instant for
        // the same passengers and vehicles (another refund in the same second names others).
        let last = r.booking.refunds.last
        let entries = r.booking.refunds.reversed().prefix {
            $0.refundedAt == last?.refundedAt && $0.passengers == last?.passengers && $0.vehicles == last?.vehicles
        }
        let giving = entries.reversed().filter { $0.amountFen > 0 }
        let ways = giving.map { e in
            let way = e.method == "cash_due" ? "to collect in cash at any counter" : "back to your \(e.method) payment"
            return giving.count == 1 ? " \(way)" : "\(Self.money(e.amountFen)) \(way)"
        }
        let whereTo = giving.count > 1 ? ": " + ways.joined(separator: " and ") : ways.joined()
        return "Refunded \(Self.money(r.refundedFen))\(whereTo) (fee \(Self.money(r.feeFen)))."
    }

    /// Columns padded to the widest cell, measured in terminal cells (a Chinese character takes two).
    public static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], Self.width(cell)) }
        }
        return all.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - Self.width(cell))
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Sailings as a table: what a traveller choosing a boat and a dispatcher finding an id both need.
    /// One not on sale yet says from when, one no longer on sale says so, and a cancelled or
    /// departed one shows no seats to buy (`now` is the caller's clock).
    public static func sailings(_ list: [SailingJSON], now: Date = Date()) -> String {
        Self.table(
            ["SAILING", "DEPARTS", "ARRIVES", "VESSEL", "STATUS", "SEATS LEFT", "VEHICLE UNITS"],
            list.map { s in
                let gone = s.status == "cancelled" || s.status == "departed"
                return [
                    s.id, Self.time(s.departure), Self.clock(s.arrival), s.vessel.name, Self.status(s, now: now),
                    gone ? "-" : s.seats.map { "\($0.class) \($0.available) at \(Self.money($0.fareFen))" }.joined(separator: ", "),
                    gone ? "-" : s.vehicles.map(Self.units) ?? "-",
                ]
            }
        )
    }

    /// `15 general, 9 resident, 6 green free of 30`: every pool, since "15 of 30" alone reads as
    /// half the deck taken when the reserves are simply not yet released.
    static func units(_ v: SailingJSON.Vehicles) -> String {
        "\(v.available.general) general, \(v.available.resident) resident, \(v.available.green) green free of \(v.totalUnits)"
    }

    /// `weather pending (fog), decision 11:00`, `scheduled, on sale 2026-12-20 07:30`,
    /// `scheduled, sales closed`: the status in words, with what a traveller needs next (the
    /// state of sales too, unless `sales` is false: for one who holds a ticket).
    public static func status(_ s: SailingJSON, sales: Bool = true, now: Date = Date()) -> String {
        var text = s.status.replacingOccurrences(of: "_", with: " ")
        if let reason = s.reason { text += " (\(Self.reason(reason)))" }
        if let decision = s.decisionAt { text += ", decision \(Self.time(decision))" }
        guard sales, s.status != "cancelled", s.status != "departed" else { return text }
        if LocalTime.parse(s.salesOpenAt).map({ $0 > now }) == true {
            text += ", on sale \(Self.time(s.salesOpenAt))"
        } else if let close = s.salesCloseAt.flatMap(LocalTime.parse), close <= now {
            text += ", sales closed"
        }
        return text
    }

    /// A disruption reason as people say it: `weather_fog` → `fog`.
    public static func reason(_ code: String) -> String {
        switch code {
        case "weather_wind": "wind"
        case "weather_fog": "fog"
        case "technical": "technical fault"
        default: code.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// Terminal cells: East Asian wide and fullwidth characters take two.
    public static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { sum, s in
            switch s.value {
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
                0x20000...0x3FFFD:
                sum + 2
            case 0x0300...0x036F, 0x200B...0x200F:
                sum
            default:
                sum + 1
            }
        }
    }

    /// The server's answer as JSON for scripts: stable key order, one document.
    public static func json(_ value: some Encodable, pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A local departure as typed by a person, as RFC 3339: `09:10` (on `date`),
    /// `2026-11-30 09:10`, `2026-11-30T09:10`, or RFC 3339 as is.
    public static func departure(_ text: String, on date: String? = nil) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let instant = LocalTime.parse(trimmed) { return LocalTime.format(instant) }
        let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
        let day: LocalDate?
        let hhmm: String
        switch parts.count {
        case 1: (day, hhmm) = (date.flatMap(LocalDate.init), parts[0])
        case 2: (day, hhmm) = (LocalDate(parts[0]), parts[1])
        default: return nil
        }
        guard let day, let minute = LocalTime.minuteOfDay(hhmm: hhmm) else { return nil }
        return LocalTime.format(LocalTime.instant(day, minuteOfDay: minute))
    }

    /// One line for a notice, as dispatchers and travellers read it.
    public static func line(_ n: NoticeJSON) -> String {
        var parts = ["#\(n.seq)", Self.time(n.createdAt), n.type]
        if let sailing = n.sailingId { parts.append(sailing) }
        switch n.type {
        case "delayed": if let d = n.departure { parts.append("now departs \(Self.time(d))") }
        case "weather_pending": if let d = n.decisionAt { parts.append("decision at \(Self.time(d))") }
        case "resumed": if let d = n.departure { parts.append("sails, departs \(Self.time(d))") }
        case "vessel_changed", "added": if let v = n.vessel { parts.append("vessel \(v)") }
        case "announcement":
            let to = n.routeIds + n.ports
            parts.append(to.isEmpty ? "to everyone" : "to \(to.joined(separator: ", "))")
        default: break
        }
        if let reason = n.reason { parts.append(Self.reason(reason)) }
        if n.sailingId != nil { parts.append(n.affectedBookings == 1 ? "1 booking affected" : "\(n.affectedBookings) bookings affected") }
        if let title = n.title { parts.append("“\(Self.printable(title))”") }
        if let message = n.message { parts.append(Self.printable(message)) }
        return parts.joined(separator: "  ")
    }

    /// Free text as one line a terminal prints as it reads: control characters (a line break,
    /// an escape sequence that would recolour or clear a pier screen) become spaces.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? " " : $0 }))
    }
}
