import FerryAPI
import FerryClient

/// A booking as its holder reads it.
enum BookingText {
    static func summary(_ b: BookingJSON, sailing: SailingJSON?) -> String {
        var lines = ["\(b.reference)  \(b.status)  \(Self.trip(b.sailingId, sailing))"]
        if b.status == "held", let expires = b.expiresAt { lines.append("Held until \(Display.time(expires)).") }
        lines.append(
            Display.table(
                ["#", "PASSENGER", "FARE", "CLASS", "PRICE", "STATUS"],
                b.passengers.map { p in
                    [
                        "\(p.index)", p.name, p.fareType.replacingOccurrences(of: "_", with: " "), p.seatClass ?? "-",
                        Display.money(p.fareFen), Self.status(p, of: b),
                    ]
                }
            )
        )
        for v in b.vehicles {
            lines.append(
                "Vehicle \(v.index): \(v.plate), \(v.kind), \(v.units) unit\(v.units == 1 ? "" : "s") from the \(v.pool) pool, \(Display.money(v.fareFen)), \(v.status == "travelling" && b.status == "expired" ? "hold expired" : v.status)"
            )
        }
        var money = "Total \(Display.money(b.totalFen)), paid \(Display.money(Self.paid(b)))"
        let movedOut = -b.transfers.filter { $0.amountFen < 0 }.reduce(0) { $0 + $1.amountFen }
        if movedOut > 0 { money += ", moved out with passengers \(Display.money(movedOut))" }
        let refunded = b.refunds.reduce(0) { $0 + $1.amountFen }
        if refunded > 0 { money += ", refunded \(Display.money(refunded))" }
        if b.feesFen > 0 { money += ", fees \(Display.money(b.feesFen))" }
        lines.append(money + ".")
        for p in b.payments {
            lines.append(
                "Payment: \(Display.money(p.amountFen)) by \(p.method) at \(Display.time(p.paidAt))\(p.paymentReference.map { " (\($0))" } ?? "")."
            )
        }
        for t in b.transfers where t.amountFen > 0 {
            lines.append(
                "Paid on booking \(t.reference): \(Display.money(t.amountFen))\(t.method.map { " by \($0)" } ?? ""), moved here with its passengers."
            )
        }
        for r in b.refunds where r.amountFen > 0 {
            let fee = r.feeFen > 0 ? " (fee \(Display.money(r.feeFen)))" : ""
            lines.append(
                r.method == "cash_due"
                    ? "Refund \(r.id): \(Display.money(r.amountFen)) in cash\(fee), "
                        + (r.paidOutAt.map { "paid out at a counter \(Display.time($0))." } ?? "to collect at any counter with this reference.")
                    : "Refund \(r.id): \(Display.money(r.amountFen)) back to the \(r.method) payment at \(Display.time(r.refundedAt))\(fee)."
            )
        }
        if let from = b.rebookedFrom { lines.append("Moved here from booking \(from).") }
        if !b.rebookedTo.isEmpty { lines.append("Some passengers moved to booking \(b.rebookedTo.joined(separator: ", ")).") }
        for notice in b.notices { lines.append("Notice: " + Display.line(notice)) }
        if sailing?.status == "cancelled", b.status == "confirmed", b.passengers.contains(where: { $0.status == "travelling" }) {
            lines.append(
                "The sailing is cancelled: `ferry refund \(b.reference)` gives your money back in full, "
                    + "or `ferry rebook \(b.reference) SAILING` moves you to another crossing free of any fee."
            )
        }
        return lines.joined(separator: "\n")
    }

    /// `SJW → LZS, departs 2026-12-01 14:00 on 舟桥7`, or the id alone when the sailing is unknown.
    static func trip(_ id: String, _ sailing: SailingJSON?) -> String {
        guard let s = sailing else { return id }
        let delayed = s.departure == s.scheduledDeparture ? "" : " (delayed from \(Display.clock(s.scheduledDeparture)))"
        let status = s.status == "scheduled" ? "" : ", \(Display.status(s, sales: false))"
        return "\(s.id): \(s.from) → \(s.to), departs \(Display.time(s.departure))\(delayed) on \(s.vessel.name)\(status)"
    }

    /// What was paid for this booking: its payments, and for one split off by a rebooking,
    /// the fares that came with its passengers.
    static func paid(_ b: BookingJSON) -> Int {
        b.paidFen + b.transfers.filter { $0.amountFen > 0 }.reduce(0) { $0 + $1.amountFen }
    }

    static func status(_ p: BookingJSON.Passenger, of b: BookingJSON) -> String {
        switch p.status {
        case "rebooked": return "moved to \(p.rebookedTo ?? "another booking")"
        case "travelling" where b.status == "expired": return "hold expired"
        case "travelling": return p.ticket.map { "ticket \($0.status)" } ?? "no ticket until paid"
        default: return p.status
        }
    }
}
